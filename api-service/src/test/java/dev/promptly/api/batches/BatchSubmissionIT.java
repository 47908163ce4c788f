package dev.promptly.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchSubmissionIT extends ApiIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String job(String customId) {
    return "{\"custom_id\":\""
        + customId
        + "\",\"kind\":\"summarize\",\"input\":{\"text\":\"Text of "
        + customId
        + ".\"}}";
  }

  private static String batchOf(int jobs) {
    return "{\"jobs\":["
        + IntStream.range(0, jobs).mapToObj(i -> job("doc-" + i)).collect(Collectors.joining(","))
        + "],\"metadata\":{\"run\":\"nightly\"}}";
  }

  private HttpResult submitNdjson(String key, String body, String query) {
    return api.send(
        "POST",
        "/v1/batches" + query,
        key,
        "application/x-ndjson",
        BodyPublishers.ofString(body),
        Map.of());
  }

  private long batchJobs(String batchId) {
    return jdbc.sql("SELECT count(*) FROM jobs WHERE batch_id = :id")
        .param("id", batchId)
        .query(Long.class)
        .single();
  }

  @Test
  void aJsonBatchIsAcceptedWithEveryJobQueued() {
    String key = aTenantKey();

    HttpResult result = api.postJson("/v1/batches", key, batchOf(3));

    assertThat(result.status()).as(result.body()).isEqualTo(202);
    JsonNode batch = result.json();
    String id = batch.get("id").asString();
    assertThat(id).startsWith("batch_");
    assertThat(result.header("Location")).isEqualTo("/v1/batches/" + id);
    assertThat(batch.get("object").asString()).isEqualTo("batch");
    assertThat(batch.get("status").asString()).isEqualTo("running");
    assertThat(batch.get("counts").get("total").asInt()).isEqualTo(3);
    assertThat(batch.get("counts").get("queued").asInt()).isEqualTo(3);
    assertThat(batch.get("metadata").get("run").asString()).isEqualTo("nightly");
    assertThat(batch.get("completed_at").isNull()).isTrue();
    assertThat(batchJobs(id)).isEqualTo(3);
    JsonNode read = api.get("/v1/batches/" + id, key).json();
    assertThat(read.get("counts")).isEqualTo(batch.get("counts"));
  }

  @Test
  void aBatchJobShowsItsBatchAndCustomId() {
    String key = aTenantKey();
    String id = api.postJson("/v1/batches", key, batchOf(2)).json().get("id").asString();

    JsonNode page = api.get("/v1/jobs?batch_id=" + id, key).json();

    assertThat(page.get("data")).hasSize(2);
    JsonNode job = page.get("data").get(0);
    assertThat(job.get("batch_id").asString()).isEqualTo(id);
    assertThat(job.get("custom_id").asString()).startsWith("doc-");
    JsonNode one = api.get("/v1/jobs/" + job.get("id").asString(), key).json();
    assertThat(one.get("batch_id").asString()).isEqualTo(id);
    assertThat(one.get("custom_id").asString()).isEqualTo(job.get("custom_id").asString());
  }

  @Test
  void theBatchIdFilterListsOnlyThatBatchsJobs() {
    String key = aTenantKey();
    submitted(key, SUMMARIZE);
    String first = api.postJson("/v1/batches", key, batchOf(2)).json().get("id").asString();
    api.postJson("/v1/batches", key, batchOf(3));

    JsonNode page = api.get("/v1/jobs?batch_id=" + first, key).json();

    assertThat(page.get("data")).hasSize(2);
    page.get("data").forEach(job -> assertThat(job.get("batch_id").asString()).isEqualTo(first));
  }

  @Test
  void anNdjsonBatchIsAcceptedWithItsOptionsFromTheQuery() {
    String key = aTenantKey();
    String body = job("a") + "\n" + job("b") + "\n\n" + job("c") + "\n";

    HttpResult result =
        submitNdjson(key, body, "?webhook_url=https://93.184.215.14/hooks/promptly");

    assertThat(result.status()).as(result.body()).isEqualTo(202);
    assertThat(result.json().get("counts").get("total").asInt()).isEqualTo(3);
    assertThat(result.json().get("webhook_url").asString())
        .isEqualTo("https://93.184.215.14/hooks/promptly");
  }

  @Test
  void anInvalidJobRejectsTheWholeBatchNamingIt() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      jobs.add(i == 17 ? "{\"kind\":\"summarize\",\"input\":{}}" : job("doc-" + i));
    }

    HttpResult result =
        api.postJson("/v1/batches", key, "{\"jobs\":[" + String.join(",", jobs) + "]}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("code").asString()).isEqualTo("invalid_request");
    assertThat(fields(result)).containsExactly("jobs[17].input.text");
    assertThat(jobsOf(tenant)).isZero();
  }

  @Test
  void anInvalidLineRejectsTheWholeNdjsonBatchNamingTheLine() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      body.append(i == 18 ? "{\"kind\":\"summarize\",\"input\":{\"text\":\"\"}}" : job("d" + i));
      body.append('\n');
    }

    HttpResult result = submitNdjson(key, body.toString(), "");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("line 18: input.text");
    assertThat(jobsOf(tenant)).isZero();
  }

  @Test
  void aLineThatIsNoJsonIsNamed() {
    String key = aTenantKey();

    HttpResult result = submitNdjson(key, job("a") + "\n{not json\n", "");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("line 2");
  }

  @Test
  void aDuplicateCustomIdIsRejected() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson("/v1/batches", key, "{\"jobs\":[" + job("same") + "," + job("same") + "]}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("jobs[1].custom_id");
  }

  @Test
  void aCustomIdOverSixtyFourCharactersIsRejected() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson("/v1/batches", key, "{\"jobs\":[" + job("x".repeat(65)) + "]}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("jobs[0].custom_id");
  }

  @Test
  void moreThanTenThousandJobsAreRejected() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);

    HttpResult result = api.postJson("/v1/batches", key, batchOf(10_001));

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("jobs");
    assertThat(jobsOf(tenant)).isZero();
  }

  @Test
  void anEmptyBatchIsRejected() {
    String key = aTenantKey();

    HttpResult result = api.postJson("/v1/batches", key, "{\"jobs\":[]}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("jobs");
  }

  @Test
  void aTwentyFourHourCompletionWindowRoutesEveryJobOfTheBatchToTheProviderBatchApi() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson(
            "/v1/batches",
            key,
            "{\"jobs\":[" + job("a") + "," + job("b") + "],\"completion_window\":\"24h\"}");

    assertThat(result.status()).isEqualTo(202);
    String id = result.json().get("id").asString();
    assertThat(result.json().get("completion_window").asString()).isEqualTo("24h");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM jobs WHERE batch_id = :id AND route = 'provider_batch'"
                        + " AND completion_window = '24h' AND waiting_for = 'provider_batch'"
                        + " AND deadline_at IS NOT NULL")
                .param("id", id)
                .query(Long.class)
                .single())
        .isEqualTo(2);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM job_dispatches d JOIN jobs j ON j.id = d.job_id"
                        + " WHERE j.batch_id = :id")
                .param("id", id)
                .query(Long.class)
                .single())
        .isZero();
    JsonNode page = api.get("/v1/jobs?batch_id=" + id, key).json();
    assertThat(page.get("data").get(0).get("route").asString()).isEqualTo("provider_batch");
  }

  @Test
  void anUnknownCompletionWindowIsRefused() {
    String key = aTenantKey();

    HttpResult result =
        api.postJson(
            "/v1/batches", key, "{\"jobs\":[" + job("a") + "],\"completion_window\":\"1h\"}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("completion_window");
  }

  @Test
  void anUnknownBatchFieldIsRejected() {
    String key = aTenantKey();

    HttpResult result = api.postJson("/v1/batches", key, "{\"jobs\":[" + job("a") + "],\"x\":1}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(fields(result)).containsExactly("x");
  }

  @Test
  void theSameIdempotencyKeyAndBodyReturnTheSameBatch() {
    String key = aTenantKey();
    Map<String, String> headers = Map.of("Idempotency-Key", "nightly-1");
    HttpResult first = api.postJson("/v1/batches", key, batchOf(2), headers);

    HttpResult again = api.postJson("/v1/batches", key, batchOf(2), headers);

    assertThat(again.status()).isEqualTo(202);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(2);
  }

  @Test
  void theSameIdempotencyKeyWithAnotherBodyIsAConflict() {
    String key = aTenantKey();
    Map<String, String> headers = Map.of("Idempotency-Key", "nightly-2");
    api.postJson("/v1/batches", key, batchOf(2), headers);

    HttpResult other = api.postJson("/v1/batches", key, batchOf(3), headers);

    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().get("code").asString()).isEqualTo("idempotency_key_reused");
  }

  @Test
  void anotherTenantsBatchIsNotFound() {
    String id = api.postJson("/v1/batches", aTenantKey(), batchOf(1)).json().get("id").asString();
    String other = aTenantKey();

    assertThat(api.get("/v1/batches/" + id, other).status()).isEqualTo(404);
    assertThat(api.get("/v1/batches/" + id + "/results", other).status()).isEqualTo(404);
    assertThat(api.post("/v1/batches/" + id + "/cancel", other).status()).isEqualTo(404);
  }

  @Test
  void batchesAreListedNewestFirstByPage() {
    String key = aTenantKey();
    String first = api.postJson("/v1/batches", key, batchOf(1)).json().get("id").asString();
    String second = api.postJson("/v1/batches", key, batchOf(1)).json().get("id").asString();

    JsonNode page = api.get("/v1/batches?limit=1", key).json();
    JsonNode next =
        api.get("/v1/batches?limit=1&after=" + page.get("next_cursor").asString(), key).json();

    assertThat(page.get("data").get(0).get("id").asString()).isEqualTo(second);
    assertThat(page.get("has_more").asBoolean()).isTrue();
    assertThat(next.get("data").get(0).get("id").asString()).isEqualTo(first);
    assertThat(next.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void resultsListEveryJobInSubmissionOrderAcrossPages() {
    String key = aTenantKey();
    int jobs = BatchResults.PAGE * 2 + 7;
    String id = api.postJson("/v1/batches", key, batchOf(jobs)).json().get("id").asString();

    HttpResult result = api.get("/v1/batches/" + id + "/results", key);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).startsWith("application/x-ndjson");
    List<String> lines = result.body().lines().toList();
    assertThat(lines).hasSize(jobs);
    for (int i = 0; i < jobs; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("custom_id").asString()).isEqualTo("doc-" + i);
      assertThat(line.get("status").asString()).isEqualTo("queued");
      assertThat(line.get("job_id").asString()).startsWith("job_");
      assertThat(line.has("result")).isTrue();
      assertThat(line.get("usage").get("total_tokens").asInt()).isZero();
    }
  }

  @Test
  void aBatchBodyMayBeLargerThanAJobBody() {
    String key = aTenantKey();
    String text = "x".repeat(90_000);
    String body =
        "{\"jobs\":["
            + IntStream.range(0, 20)
                .mapToObj(i -> "{\"kind\":\"summarize\",\"input\":{\"text\":\"" + text + "\"}}")
                .collect(Collectors.joining(","))
            + "]}";

    HttpResult result = api.postJson("/v1/batches", key, body);

    assertThat(result.status()).as(result.body()).isEqualTo(202);
  }

  private static List<String> fields(HttpResult result) {
    List<String> fields = new ArrayList<>();
    result.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
    return fields;
  }
}
