package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;

/**
 * Another tenant's job, and everything about it, does not exist for you: 404, exactly as for an id
 * that was never used, and the job is left as it was.
 */
class TenantIsolationIT extends ApiIntegrationTest {
  private static final String NEVER_USED = "job_00000000000000000000000000000000";

  /** Every tenant route that names one job, as "METHOD path"; a new one is one more line. */
  static final List<String> JOB_ROUTES =
      List.of(
          "GET /v1/jobs/{id}",
          "GET /v1/jobs/{id}?wait=1",
          "POST /v1/jobs/{id}/cancel",
          "GET /v1/jobs/{id}/deliveries",
          "GET /v1/jobs/{id}/events");

  @ParameterizedTest(name = "{0}")
  @FieldSource("JOB_ROUTES")
  void anotherTenantsJobIsNotFoundAndLeftAlone(String route) {
    String owner = aTenantKey();
    String stranger = aTenantKey();
    String id = submitted(owner, SUMMARIZE).get("id").asString();

    HttpResult theirs = call(route, id, stranger);
    HttpResult nobodys = call(route, NEVER_USED, stranger);

    assertThat(theirs.status()).isEqualTo(404);
    assertThat(theirs.contentType()).startsWith("application/problem+json");
    assertThat(theirs.json().get("code").asString()).isEqualTo("not_found");
    assertThat(theirs.json().get("detail").asString())
        .isEqualTo(nobodys.json().get("detail").asString().replace(NEVER_USED, id));
    JsonNode job = api.get("/v1/jobs/" + id, owner).json();
    assertThat(job.get("status").asString()).isEqualTo("queued");
    assertThat(job.get("cancel_requested").asBoolean()).isFalse();
  }

  @Test
  void listingShowsOnlyYourOwnJobs() {
    String owner = aTenantKey();
    String stranger = aTenantKey();
    String mine = submitted(stranger, CHAT).get("id").asString();
    String theirs = submitted(owner, CHAT).get("id").asString();
    submitted(owner, SUMMARIZE);

    List<String> all = ids(api.get("/v1/jobs", stranger));
    List<String> filtered = ids(api.get("/v1/jobs?status=queued&kind=chat", stranger));
    List<String> afterTheirs = ids(api.get("/v1/jobs?after=" + theirs, stranger));

    assertThat(all).containsExactly(mine);
    assertThat(filtered).containsExactly(mine);
    assertThat(afterTheirs).containsExactly(mine);
  }

  @Test
  void usageShowsOnlyYourOwnCalls() {
    String owner = aTenantKey();
    String stranger = aTenantKey();
    String theirs = submitted(owner, CHAT).get("id").asString();
    jdbc.sql(
            "INSERT INTO usage_ledger (tenant_id, job_id, attempt, model, prompt_tokens,"
                + " completion_tokens, cost_micros, recorded_at)"
                + " SELECT tenant_id, id, 1, 'gpt-4o-mini', 10, 20, 15, now() FROM jobs WHERE id = ?")
        .param(theirs)
        .update();

    HttpResult mine = api.get("/v1/usage", stranger);
    HttpResult owners = api.get("/v1/usage", owner);

    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().get("data").size()).isZero();
    assertThat(owners.json().get("data").get(0).get("total_tokens").asLong()).isEqualTo(30);
  }

  private HttpResult call(String route, String id, String key) {
    String[] parts = route.split(" ");
    return api.send(
        parts[0], parts[1].replace("{id}", id), key, null, BodyPublishers.noBody(), Map.of());
  }

  private static List<String> ids(HttpResult list) {
    assertThat(list.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    list.json().get("data").forEach(job -> ids.add(job.get("id").asString()));
    return ids;
  }
}
