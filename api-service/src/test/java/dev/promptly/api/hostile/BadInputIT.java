package dev.promptly.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.api.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The bad-input suite: several hundred malformed or hostile requests, sent byte for byte. Each must
 * get its 4xx as a problem document with a code and the request id, none may leak internals, none
 * may get a 5xx, and afterwards no job, dispatch or tenant has been added.
 */
class BadInputIT extends ApiIntegrationTest {
  private static final List<String> LEAKS =
      List.of("Exception", "java.", "tools.jackson", "org.", "SELECT ", "INSERT ", "jdbc", "<html");

  @TestFactory
  Stream<DynamicTest> everyHostileRequestGetsItsProblemAndLeavesNothingBehind() {
    HostileRequest.Context context = context();
    Map<String, Long> before = rowCounts();
    List<HostileRequest> requests =
        Stream.of(
                MalformedBodies.all(context),
                HostileText.all(context),
                HostileRoutes.all(context),
                HostileHeaders.all(context),
                MisplacedKeys.all(context))
            .flatMap(cases -> cases)
            .toList();
    Tally tally = new Tally();

    Stream<DynamicTest> each =
        requests.stream().map(bad -> dynamicTest(bad.toString(), () -> check(bad, tally)));
    DynamicTest afterwards =
        dynamicTest(
            "no 5xx, and no job, dispatch or tenant was added",
            () -> {
              System.out.println(tally.summary());
              assertThat(tally.tried).isGreaterThanOrEqualTo(200);
              assertThat(tally.serverErrors).isZero();
              assertThat(rowCounts()).isEqualTo(before);
            });
    return Stream.concat(each, Stream.of(afterwards));
  }

  private void check(HostileRequest bad, Tally tally) {
    HttpResult result = RawHttp.send(port, bad.request());
    tally.record(bad.category(), result.status());

    assertThat(result.status()).as(result.body()).isEqualTo(bad.status());
    assertThat(result.contentType()).as(result.body()).startsWith("application/problem+json");
    String requestId = result.header("X-Request-Id");
    assertThat(requestId).matches("[!-~]{1,128}");
    assertThat(result.headers().map()).doesNotContainKey("Set-Cookie");
    JsonNode problem = result.json();
    assertThat(problem.get("status").asInt()).isEqualTo(bad.status());
    assertThat(problem.get("code").asString()).isEqualTo(bad.code());
    assertThat(problem.get("request_id").asString()).isEqualTo(requestId);
    assertThat(result.body()).doesNotContain(LEAKS);
    if (bad.field() != null) {
      List<String> fields = new ArrayList<>();
      problem.path("errors").forEach(error -> fields.add(error.get("field").asString()));
      assertThat(fields).as(result.body()).contains(bad.field());
    }
  }

  private HostileRequest.Context context() {
    HttpResult tenant =
        api.postJson(
            "/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\":\"hostile-" + UUID.randomUUID() + "\",\"rate_limit_per_minute\":1000000}");
    String tenantId = tenant.json().get("id").asString();
    String key = issueKey(tenantId).get("key").asString();
    JsonNode revoked = issueKey(tenantId);
    api.delete("/v1/admin/api-keys/" + revoked.get("id").asString(), ADMIN_KEY);
    return new HostileRequest.Context(key, revoked.get("key").asString(), ADMIN_KEY, tenantId);
  }

  private JsonNode issueKey(String tenantId) {
    return api.post("/v1/admin/tenants/" + tenantId + "/api-keys", ADMIN_KEY).json();
  }

  private Map<String, Long> rowCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : List.of("jobs", "job_dispatches", "tenants", "api_keys")) {
      counts.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
    }
    return counts;
  }

  /** What the suite saw, by status class and by category. */
  private static final class Tally {
    private final Map<String, Integer> byCategory = new TreeMap<>();
    private int tried;
    private int clientErrors;
    private int serverErrors;

    void record(String category, int status) {
      tried++;
      byCategory.merge(category, 1, Integer::sum);
      if (status >= 400 && status < 500) {
        clientErrors++;
      } else if (status >= 500) {
        serverErrors++;
      }
    }

    String summary() {
      return "bad-input suite: tried="
          + tried
          + " 4xx="
          + clientErrors
          + " 5xx="
          + serverErrors
          + " by category "
          + byCategory;
    }
  }
}
