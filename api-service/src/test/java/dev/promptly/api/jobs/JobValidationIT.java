package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.api.jobs.BadJobRequests.BadRequest;
import dev.promptly.api.jobs.BadJobRequests.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Bad requests are refused with a problem document, and leave no job and no message behind. */
class JobValidationIT extends ApiIntegrationTest {
  private static String tenantKey;

  static Stream<BadRequest> badRequests() {
    return BadJobRequests.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestIsRefusedWithAProblemAndLeavesNothingBehind(BadRequest bad) {
    String key = tenantKey();

    HttpResult result =
        api.send(
            bad.method(),
            bad.path(),
            keyFor(bad.caller(), key),
            bad.contentType(),
            bad.body().get(),
            bad.headers());

    assertThat(result.status()).as(result.body()).isEqualTo(bad.status());
    assertThat(result.contentType()).startsWith("application/problem+json");
    JsonNode problem = result.json();
    assertThat(problem.propertyNames())
        .containsSubsequence("type", "title", "status", "detail", "instance", "code", "request_id");
    assertThat(problem.get("status").asInt()).isEqualTo(bad.status());
    assertThat(problem.get("code").asString()).isEqualTo(bad.code());
    assertThat(problem.get("instance").asString()).isEqualTo(bad.path());
    assertThat(problem.get("request_id").asString())
        .isEqualTo(result.header("X-Request-Id"))
        .isNotBlank();
    assertThat(result.body()).doesNotContain("java.", "Exception", "tools.jackson", "SELECT");
    List<String> fields = new ArrayList<>();
    if (problem.has("errors")) {
      problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
    }
    assertThat(fields).containsExactlyElementsOf(bad.fields());
    assertThat(jobsOf(tenantOfKey(key))).isZero();
    // No job, so nothing to publish: the tenant has no outbox row either.
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM job_dispatches d JOIN jobs j ON j.id = d.job_id"
                        + " WHERE j.tenant_id = ?")
                .param(tenantOfKey(key))
                .query(Long.class)
                .single())
        .isZero();
  }

  private String tenantKey() {
    if (tenantKey == null) {
      tenantKey = aTenantKey();
    }
    return tenantKey;
  }

  private static String keyFor(Caller caller, String tenantKey) {
    return switch (caller) {
      case TENANT -> tenantKey;
      case ADMIN -> ADMIN_KEY;
      case NOBODY -> null;
      case WRONG_KEY -> "pk_" + "x".repeat(43);
    };
  }
}
