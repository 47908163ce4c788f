package dev.promptly.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The delivery list, redelivery and secret rotation, over HTTP. */
class WebhookApiIT extends ApiIntegrationTest {
  // Not resolvable here, so submission accepts it; no worker runs in these tests.
  private static final String HOOK = "https://hooks.example.invalid/promptly";

  @Test
  void cancelledJobWithAWebhookListsItsPendingEventAndNoAttemptYet() {
    String key = aTenantKey();
    String job = aCancelledJobWithAWebhook(key);

    JsonNode list = api.get("/v1/jobs/" + job + "/deliveries", key).json();

    assertThat(list.get("object").asString()).isEqualTo("list");
    assertThat(list.get("data")).isEmpty();
    assertThat(list.get("has_more").asBoolean()).isFalse();
    JsonNode event = list.get("events").get(0);
    assertThat(event.get("id").asString()).startsWith("msg_");
    assertThat(event.get("type").asString()).isEqualTo("job.cancelled");
    assertThat(event.get("status").asString()).isEqualTo("pending");
    assertThat(event.get("attempts").asInt()).isZero();
    assertThat(Instant.parse(event.get("next_attempt_at").asString()))
        .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void attemptsAreListedNewestFirstWithTheirStatusOrError() {
    String key = aTenantKey();
    String job = aCancelledJobWithAWebhook(key);
    String event = eventOf(job);
    anAttempt("whd_1", event, job, "retry", null, "timeout", 10_000);
    anAttempt("whd_2", event, job, "delivered", 204, null, 35);

    JsonNode data = api.get("/v1/jobs/" + job + "/deliveries", key).json().get("data");

    assertThat(data).hasSize(2);
    assertThat(data.get(0).get("id").asString()).startsWith("whd_2_");
    assertThat(data.get(0).get("object").asString()).isEqualTo("webhook_delivery");
    assertThat(data.get(0).get("webhook_id").asString()).isEqualTo(event);
    assertThat(data.get(0).get("type").asString()).isEqualTo("job.cancelled");
    assertThat(data.get(0).get("outcome").asString()).isEqualTo("delivered");
    assertThat(data.get(0).get("status_code").asInt()).isEqualTo(204);
    assertThat(data.get(0).get("error").isNull()).isTrue();
    assertThat(data.get(0).get("duration_ms").asLong()).isEqualTo(35);
    assertThat(data.get(1).get("status_code").isNull()).isTrue();
    assertThat(data.get(1).get("error").asString()).isEqualTo("timeout");
  }

  @Test
  void deliveriesOfAnotherTenantsJobAreNotFound() {
    String job = aCancelledJobWithAWebhook(aTenantKey());

    HttpResult result = api.get("/v1/jobs/" + job + "/deliveries", aTenantKey());

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.json().get("code").asString()).isEqualTo("not_found");
  }

  @Test
  void deliveriesOfAnUnknownOrMalformedJobAreNotFound() {
    String key = aTenantKey();

    assertThat(api.get("/v1/jobs/job_00000000000000000000000000000000/deliveries", key).status())
        .isEqualTo(404);
    assertThat(api.get("/v1/jobs/nonsense/deliveries", key).status()).isEqualTo(404);
  }

  @Test
  void redeliveryMakesTheSameEventPendingAgainWithItsScheduleStartedOver() {
    String job = aCancelledJobWithAWebhook(aTenantKey());
    String event = eventOf(job);
    jdbc.sql("UPDATE webhook_events SET status = 'failed', attempts = 8 WHERE id = ?")
        .param(event)
        .update();

    HttpResult result = api.post("/v1/admin/jobs/" + job + "/webhook/redeliver", ADMIN_KEY);

    assertThat(result.status()).as(result.body()).isEqualTo(202);
    assertThat(result.json().get("id").asString()).isEqualTo(event);
    assertThat(result.json().get("status").asString()).isEqualTo("pending");
    assertThat(result.json().get("attempts").asInt()).isZero();
    assertThat(
            jdbc.sql("SELECT next_attempt_at FROM webhook_events WHERE id = ?")
                .param(event)
                .query(OffsetDateTime.class)
                .single()
                .toInstant())
        .isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
  }

  @Test
  void redeliveryOfAJobWithoutAnEventIsAConflict() {
    String job = submitted(aTenantKey(), SUMMARIZE).get("id").asString();

    HttpResult result = api.post("/v1/admin/jobs/" + job + "/webhook/redeliver", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(409);
    assertThat(result.json().get("code").asString()).isEqualTo("no_webhook_event");
  }

  @Test
  void redeliveryOfAnUnknownJobIsNotFound() {
    HttpResult result =
        api.post(
            "/v1/admin/jobs/job_00000000000000000000000000000000/webhook/redeliver", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(404);
  }

  @Test
  void redeliveryNeedsTheAdminKey() {
    String key = aTenantKey();
    String job = aCancelledJobWithAWebhook(key);

    assertThat(api.post("/v1/admin/jobs/" + job + "/webhook/redeliver", key).status())
        .isEqualTo(403);
  }

  @Test
  void rotationIssuesANewSecretAndKeepsTheOldOneSigningForTheOverlap() {
    String tenant = aTenantId();
    String old = secretOf(tenant);

    HttpResult result =
        api.post("/v1/admin/tenants/" + tenant + "/webhook-secret/rotate", ADMIN_KEY);

    assertThat(result.status()).as(result.body()).isEqualTo(200);
    String fresh = result.json().get("webhook_secret").asString();
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(result.json().get("tenant_id").asString()).isEqualTo(tenant);
    Instant expires = Instant.parse(result.json().get("previous_secret_expires_at").asString());
    assertThat(expires)
        .isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(1, ChronoUnit.MINUTES));
    assertThat(secretOf(tenant)).isEqualTo(fresh);
    assertThat(
            jdbc.sql("SELECT previous_webhook_secret FROM tenants WHERE id = ?")
                .param(tenant)
                .query(String.class)
                .single())
        .isEqualTo(old);
  }

  @Test
  void rotationOfAnUnknownTenantIsNotFound() {
    HttpResult result = api.post("/v1/admin/tenants/ten_nobody/webhook-secret/rotate", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.json().get("code").asString()).isEqualTo("not_found");
  }

  private String aCancelledJobWithAWebhook(String key) {
    String job =
        submitted(
                key,
                "{\"kind\":\"summarize\",\"input\":{\"text\":\"A text.\"},\"webhook_url\":\""
                    + HOOK
                    + "\"}")
            .get("id")
            .asString();
    assertThat(api.post("/v1/jobs/" + job + "/cancel", key).status()).isEqualTo(200);
    return job;
  }

  private String eventOf(String job) {
    return jdbc.sql("SELECT id FROM webhook_events WHERE job_id = ?")
        .param(job)
        .query(String.class)
        .single();
  }

  private void anAttempt(
      String id, String event, String job, String outcome, Integer status, String error, int ms) {
    jdbc.sql(
            """
            INSERT INTO webhook_deliveries (id, event_id, job_id, attempted_at, outcome,
                                            status_code, error, duration_ms)
            VALUES (:id, :event, :job, now(), :outcome, :status, :error, :ms)
            """)
        .param("id", id + "_" + job)
        .param("event", event)
        .param("job", job)
        .param("outcome", outcome)
        .param("status", status, java.sql.Types.INTEGER)
        .param("error", error, java.sql.Types.VARCHAR)
        .param("ms", ms)
        .update();
  }

  private String secretOf(String tenant) {
    return jdbc.sql("SELECT webhook_secret FROM tenants WHERE id = ?")
        .param(tenant)
        .query(String.class)
        .single();
  }
}
