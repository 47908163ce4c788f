package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.model.Priority;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobSubmissionIT extends ApiIntegrationTest {

  @Test
  void acceptedSummarizeJobIsStoredQueuedAndOnTheNormalQueue() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson(
            "/v1/jobs",
            key,
            """
            {"kind":"summarize","input":{"text":"Some text.","style":"bullets","max_words":50},
             "metadata":{"order":"42"},"webhook_url":"https://93.184.215.14/hooks/promptly"}
            """,
            Map.of("X-Request-Id", "req-from-client-1"));

    assertThat(result.status()).isEqualTo(202);
    JsonNode job = result.json();
    String id = job.get("id").asString();
    assertThat(result.header("Location")).isEqualTo("/v1/jobs/" + id);
    assertThat(result.header("X-Request-Id")).isEqualTo("req-from-client-1");
    assertThat(job.get("object").asString()).isEqualTo("job");
    assertThat(job.get("status").asString()).isEqualTo("queued");
    assertThat(job.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(job.get("priority").asString()).isEqualTo("normal");
    assertThat(job.get("attempts").asInt()).isZero();
    assertThat(job.get("max_attempts").asInt()).isEqualTo(5);
    assertThat(job.get("metadata").get("order").asString()).isEqualTo("42");
    assertThat(job.get("webhook_url").asString()).isEqualTo("https://93.184.215.14/hooks/promptly");
    assertThat(job.get("usage").get("cost_usd").asDouble()).isZero();
    Map<String, Object> row =
        jdbc.sql(
                "SELECT status, model, model_alias, input::text AS input, request_id FROM jobs"
                    + " WHERE id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("status", "queued")
        .containsEntry("model", "gpt-4o-mini")
        .containsEntry("model_alias", "default")
        .containsEntry("request_id", "req-from-client-1");
    assertThat(row.get("input").toString()).contains("\"style\": \"bullets\"", "\"max_words\": 50");
    assertThat(dispatchOf(id)).containsEntry("routing_key", "normal");
    await().atMost(Duration.ofSeconds(5)).until(() -> dispatchOf(id).get("sent").equals(true));
    JsonNode message = messageOf(id, Priority.NORMAL);
    assertThat(message.get("schema_version").asInt()).isEqualTo(1);
    assertThat(message.get("job_id").asString()).isEqualTo(id);
    assertThat(message.get("tenant_id").asString()).isEqualTo(tenantOfKey(key));
    assertThat(message.get("attempt").asInt()).isEqualTo(1);
    assertThat(message.get("request_id").asString()).isEqualTo("req-from-client-1");
    assertThat(message.has("text")).isFalse();
  }

  @Test
  void aTwentyFourHourJobWaitsForAProviderBatchWithItsDeadlineAndNoDispatch() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson(
            "/v1/jobs",
            key,
            """
            {"kind":"summarize","input":{"text":"Some text."},"completion_window":"24h"}
            """);

    assertThat(result.status()).isEqualTo(202);
    JsonNode job = result.json();
    String id = job.get("id").asString();
    assertThat(job.get("status").asString()).isEqualTo("queued");
    assertThat(job.get("route").asString()).isEqualTo("provider_batch");
    assertThat(job.get("waiting_for").asString()).isEqualTo("provider_batch");
    JsonNode read = api.get("/v1/jobs/" + id, key).json();
    assertThat(read.get("route").asString()).isEqualTo("provider_batch");
    assertThat(read.get("waiting_for").asString()).isEqualTo("provider_batch");
    Map<String, Object> row =
        jdbc.sql(
                "SELECT route, completion_window, waiting_for,"
                    + " deadline_at - created_at = interval '24 hours' AS day FROM jobs"
                    + " WHERE id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("route", "provider_batch")
        .containsEntry("completion_window", "24h")
        .containsEntry("waiting_for", "provider_batch")
        .containsEntry("day", true);
    assertThat(
            jdbc.sql("SELECT count(*) FROM job_dispatches WHERE job_id = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aJobRunsLiveWithoutACompletionWindowAndAnyOtherWindowIsRefused() {
    String key = aTenantKey();

    HttpResult live =
        api.postJson(
            "/v1/jobs",
            key,
            "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\"},\"completion_window\":null}");
    HttpResult refused =
        api.postJson(
            "/v1/jobs",
            key,
            "{\"kind\":\"summarize\",\"input\":{\"text\":\"x\"},\"completion_window\":\"48h\"}");

    assertThat(live.status()).isEqualTo(202);
    assertThat(live.json().get("route").asString()).isEqualTo("live");
    assertThat(live.json().get("waiting_for").isNull()).isTrue();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors").get(0).get("field").asString())
        .isEqualTo("completion_window");
  }

  @Test
  void acceptedChatJobKeepsItsMessagesAndIsOnTheNormalQueue() {
    String key = aTenantKey();

    JsonNode job =
        submitted(
            key,
            """
            {"kind":"chat","input":{"messages":[{"role":"system","content":"Be brief."},
             {"role":"user","content":"Hi"}],"temperature":0.2,"max_tokens":100},
             "model":"quality","max_attempts":2,"timeout_seconds":30}
            """);

    String id = job.get("id").asString();
    assertThat(job.get("kind").asString()).isEqualTo("chat");
    assertThat(job.get("model").asString()).isEqualTo("gpt-4o");
    assertThat(job.get("max_attempts").asInt()).isEqualTo(2);
    String input =
        jdbc.sql("SELECT input::text FROM jobs WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    assertThat(input).contains("Be brief.", "\"max_tokens\": 100");
    await().atMost(Duration.ofSeconds(5)).until(() -> dispatchOf(id).get("sent").equals(true));
    messageOf(id, Priority.NORMAL);
  }

  @Test
  void highPriorityJobGoesToTheHighQueue() {
    String key = aTenantKey();

    String id =
        submitted(key, SUMMARIZE.replace("{\"kind\"", "{\"priority\":\"high\",\"kind\""))
            .get("id")
            .asString();

    assertThat(dispatchOf(id)).containsEntry("routing_key", "high");
    messageOf(id, Priority.HIGH);
  }

  @Test
  void aJobKeepsTheCacheModeItWasSubmittedWith() {
    String key = aTenantKey();

    String off =
        submitted(key, CHAT.replace("{\"kind\"", "{\"cache\":\"off\",\"kind\""))
            .get("id")
            .asString();
    String byDefault = submitted(key, CHAT).get("id").asString();

    assertThat(cacheModeOf(off)).isEqualTo("off");
    assertThat(cacheModeOf(byDefault)).isEqualTo("exact");
  }

  @Test
  void aJobKeepsWhatItDoesWhenTheBudgetIsExhaustedAndABadValueIsRefused() {
    String key = aTenantKey();

    String waits =
        submitted(key, CHAT.replace("{\"kind\"", "{\"on_budget_exhausted\":\"wait\",\"kind\""))
            .get("id")
            .asString();
    String byDefault = submitted(key, CHAT).get("id").asString();
    HttpResult refused =
        api.postJson(
            "/v1/jobs",
            key,
            CHAT.replace("{\"kind\"", "{\"on_budget_exhausted\":\"retry\",\"kind\""));

    assertThat(budgetPolicyOf(waits)).isEqualTo("wait");
    assertThat(budgetPolicyOf(byDefault)).isEqualTo("fail");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("errors").get(0).get("field").asString())
        .isEqualTo("on_budget_exhausted");
  }

  private String budgetPolicyOf(String jobId) {
    return jdbc.sql("SELECT on_budget_exhausted FROM jobs WHERE id = :id")
        .param("id", jobId)
        .query(String.class)
        .single();
  }

  @Test
  void submittedJobIsReadableAtItsLocation() {
    String key = aTenantKey();
    HttpResult submitted = api.postJson("/v1/jobs", key, CHAT);

    HttpResult read = api.get(submitted.header("Location"), key);

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(submitted.json());
  }

  private String cacheModeOf(String jobId) {
    return jdbc.sql("SELECT cache_mode FROM jobs WHERE id = :id")
        .param("id", jobId)
        .query(String.class)
        .single();
  }

  private Map<String, Object> dispatchOf(String jobId) {
    return jdbc.sql(
            "SELECT routing_key, attempt, sent_at IS NOT NULL AS sent FROM job_dispatches WHERE"
                + " job_id = :id")
        .param("id", jobId)
        .query()
        .singleRow();
  }
}
