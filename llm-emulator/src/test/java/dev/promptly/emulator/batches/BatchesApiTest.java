package dev.promptly.emulator.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BatchesApiTest extends BatchServerTest {

  @Test
  void createdBatchIsValidatingWithOpenAisFields() {
    JsonNode batch = createBatch(uploadBatchFile(jsonl(chatLine("a", "Hello"))));

    assertThat(batch.get("id").asString()).startsWith("batch_");
    assertThat(batch.get("object").asString()).isEqualTo("batch");
    assertThat(batch.get("status").asString()).isEqualTo("validating");
    assertThat(batch.get("endpoint").asString()).isEqualTo("/v1/chat/completions");
    assertThat(batch.get("completion_window").asString()).isEqualTo("24h");
    assertThat(batch.at("/metadata/run").asString()).isEqualTo("nightly");
    assertThat(batch.get("expires_at").asLong() - batch.get("created_at").asLong())
        .isEqualTo(86_400);
    assertThat(batch.has("output_file_id")).isTrue();
    assertThat(batch.get("errors").isNull()).isTrue();
  }

  @Test
  void completedBatchAnswersEachLineAsTheLiveEndpointDoes() {
    String id = batchOf(chatLine("a", "Hello there"), chatLine("b", "How are you?"));

    JsonNode batch = awaitStatus(id, "completed");

    assertThat(batch.at("/request_counts/total").asInt()).isEqualTo(2);
    assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(2);
    assertThat(batch.at("/request_counts/failed").asInt()).isZero();
    assertThat(batch.get("error_file_id").isNull()).isTrue();
    assertThat(batch.get("in_progress_at").isNull()).isFalse();
    assertThat(batch.get("finalizing_at").isNull()).isFalse();
    assertThat(batch.get("completed_at").isNull()).isFalse();
    List<JsonNode> output = fileLines(batch.get("output_file_id").asString());
    assertThat(output)
        .extracting(line -> line.get("custom_id").asString())
        .containsExactly("a", "b");
    JsonNode first = output.getFirst();
    assertThat(first.get("id").asString()).startsWith("batch_req_");
    assertThat(first.get("error").isNull()).isTrue();
    assertThat(first.at("/response/status_code").asInt()).isEqualTo(200);
    assertThat(first.at("/response/request_id").asString()).startsWith("req_");
    JsonNode live = json(post("/v1/chat/completions", chatBody("Hello there")));
    JsonNode answer = first.at("/response/body");
    assertThat(answer.get("object").asString()).isEqualTo("chat.completion");
    assertThat(answer.get("choices")).isEqualTo(live.get("choices"));
    assertThat(answer.get("usage")).isEqualTo(live.get("usage"));
  }

  @Test
  void lineNamedInBatchFailCustomIdsGoesToTheErrorFile() {
    configure("{\"batch_fail_custom_ids\": [\"b\"]}");
    String id = batchOf(chatLine("a", "One"), chatLine("b", "Two"), chatLine("c", "Three"));

    JsonNode batch = awaitStatus(id, "completed");

    assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(2);
    assertThat(batch.at("/request_counts/failed").asInt()).isEqualTo(1);
    List<JsonNode> errors = fileLines(batch.get("error_file_id").asString());
    assertThat(errors)
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("custom_id").asString()).isEqualTo("b");
              assertThat(line.at("/response/status_code").asInt()).isEqualTo(500);
              assertThat(line.at("/response/body/error/type").asString()).isEqualTo("server_error");
            });
    assertThat(fileLines(batch.get("output_file_id").asString()))
        .extracting(line -> line.get("custom_id").asString())
        .containsExactly("a", "c");
  }

  @Test
  void everyNthLineFailsWithBatchFailEvery() {
    configure("{\"batch_fail_every\": 2}");
    String id =
        batchOf(chatLine("a", "1"), chatLine("b", "2"), chatLine("c", "3"), chatLine("d", "4"));

    JsonNode batch = awaitStatus(id, "completed");

    assertThat(fileLines(batch.get("error_file_id").asString()))
        .extracting(line -> line.get("custom_id").asString())
        .containsExactly("b", "d");
  }

  @Test
  void lineTheLiveEndpointRejectsFailsAloneWithTheLiveError() {
    String noMessages =
        "{\"custom_id\":\"bad\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"gpt-4o-mini\"}}";
    String id = batchOf(chatLine("good", "Hi"), noMessages);

    JsonNode batch = awaitStatus(id, "completed");

    JsonNode error = fileLines(batch.get("error_file_id").asString()).getFirst();
    assertThat(error.at("/response/status_code").asInt()).isEqualTo(400);
    assertThat(error.at("/response/body/error/param").asString()).isEqualTo("messages");
    assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(1);
  }

  @Test
  void invalidInputFileFailsTheBatchWithAnErrorPerBadLine() {
    String wrongUrl =
        "{\"custom_id\":\"e\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{}}";
    String id = batchOf(chatLine("a", "Fine"), "{not json", wrongUrl, chatLine("a", "Again"));

    JsonNode batch = awaitStatus(id, "failed");

    assertThat(batch.get("failed_at").isNull()).isFalse();
    assertThat(batch.get("output_file_id").isNull()).isTrue();
    assertThat(batch.at("/errors/object").asString()).isEqualTo("list");
    assertThat(batch.at("/errors/data"))
        .extracting(e -> e.get("code").asString() + "@" + e.get("line").asInt())
        .containsExactly("invalid_json_line@2", "mismatched_endpoint@3", "duplicate_custom_id@4");
  }

  @Test
  void emptyInputFileFailsTheBatch() {
    String id = createBatch(uploadBatchFile("\n")).get("id").asString();

    JsonNode batch = awaitStatus(id, "failed");

    assertThat(batch.at("/errors/data/0/code").asString()).isEqualTo("empty_file");
  }

  @Test
  void batchCompletesOnlyOnceItsProcessingTimeHasPassed() {
    configure("{\"batch_processing_ms\": 400}");
    long start = System.nanoTime();
    String id = batchOf(chatLine("a", "Hi"));

    awaitStatus(id, "in_progress");
    awaitStatus(id, "completed");

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
  }

  @Test
  void batchNeverFinishHoldsBatchesInProgressUntilSwitchedOff() {
    configure("{\"batch_never_finish\": true}");
    String id = batchOf(chatLine("a", "Hi"));
    awaitStatus(id, "in_progress");

    await()
        .during(Duration.ofMillis(300))
        .until(() -> batch(id).get("status").asString().equals("in_progress"));
    configure("{\"batch_never_finish\": false}");

    awaitStatus(id, "completed");
  }

  @Test
  void cancelledBatchAnswersNoLine() {
    configure("{\"batch_never_finish\": true}");
    String id = batchOf(chatLine("a", "Hi"));
    awaitStatus(id, "in_progress");

    JsonNode cancelling = json(post("/v1/batches/" + id + "/cancel", ""));

    assertThat(cancelling.get("status").asString()).isEqualTo("cancelling");
    assertThat(cancelling.get("cancelling_at").isNull()).isFalse();
    JsonNode cancelled = awaitStatus(id, "cancelled");
    assertThat(cancelled.get("cancelled_at").isNull()).isFalse();
    assertThat(cancelled.get("output_file_id").isNull()).isTrue();
    assertThat(cancelled.at("/request_counts/completed").asInt()).isZero();
  }

  @Test
  void cancellingACompletedBatchIsAConflict() {
    String id = batchOf(chatLine("a", "Hi"));
    awaitStatus(id, "completed");

    HttpResponse<String> response = post("/v1/batches/" + id + "/cancel", "");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(batch(id).get("status").asString()).isEqualTo("completed");
  }

  @Test
  void aHeldBackCreateAnswerComesLateButTheBatchExistsAtOnce() throws Exception {
    configure("{\"batch_create_delay_ms\": 1500}");
    long before = json(get("/v1/batches?limit=100")).get("data").size();
    long start = System.nanoTime();

    CompletableFuture<String> created =
        CompletableFuture.supplyAsync(() -> batchOf(chatLine("a", "Hi")));

    // The batch is listed while its creator still waits for the answer.
    await()
        .atMost(Duration.ofMillis(1200))
        .until(() -> json(get("/v1/batches?limit=100")).get("data").size() == before + 1);
    assertThat(created).isNotDone();
    String id = created.get(10, TimeUnit.SECONDS);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1500);
    configure("{\"batch_create_delay_ms\": 0}");
    awaitStatus(id, "completed");
  }

  @Test
  void listPagesNewestFirstWithACursor() {
    String first = batchOf(chatLine("a", "1"));
    String second = batchOf(chatLine("a", "2"));
    String third = batchOf(chatLine("a", "3"));

    JsonNode page = json(get("/v1/batches?limit=2"));
    JsonNode rest = json(get("/v1/batches?limit=2&after=" + second));

    assertThat(page.get("data"))
        .extracting(b -> b.get("id").asString())
        .containsExactly(third, second);
    assertThat(page.get("has_more").asBoolean()).isTrue();
    assertThat(page.get("last_id").asString()).isEqualTo(second);
    assertThat(rest.get("data")).extracting(b -> b.get("id").asString()).containsExactly(first);
    assertThat(rest.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void statsCountFilesBatchesLinesAndCancels() {
    configure("{\"batch_fail_custom_ids\": [\"b\"]}");
    awaitStatus(batchOf(chatLine("a", "1"), chatLine("b", "2")), "completed");
    configure("{\"batch_never_finish\": true}");
    String held = batchOf(chatLine("c", "3"));
    awaitStatus(held, "in_progress");
    post("/v1/batches/" + held + "/cancel", "");

    JsonNode stats = json(get("/emulator/stats")).get("batches");

    assertThat(stats.get("files_created").asLong()).isEqualTo(2);
    assertThat(stats.get("batches_created").asLong()).isEqualTo(2);
    assertThat(stats.get("lines_answered").asLong()).isEqualTo(1);
    assertThat(stats.get("lines_failed").asLong()).isEqualTo(1);
    assertThat(stats.get("batches_cancelled").asLong()).isEqualTo(1);
    assertThat(json(get("/emulator/stats")).get("requests").asLong()).isZero();
    assertThat(json(post("/emulator/stats/reset", "")).at("/batches/lines_answered").asLong())
        .isZero();
  }

  @Test
  void unknownInputFileIsRejectedAtCreation() {
    HttpResponse<String> response =
        post(
            "/v1/batches",
            "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("input_file_id");
  }

  @Test
  void otherEndpointIsRejectedAtCreation() {
    String file = uploadBatchFile(jsonl(chatLine("a", "Hi")));

    HttpResponse<String> response =
        post(
            "/v1/batches",
            "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/embeddings\",".formatted(file)
                + "\"completion_window\":\"24h\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("endpoint");
  }

  @Test
  void metadataBeyondOpenAisLimitsIsRejectedAtCreation() {
    String file = uploadBatchFile(jsonl(chatLine("a", "Hi")));
    String pairs =
        IntStream.range(0, 17)
            .mapToObj(n -> "\"k" + n + "\":\"v\"")
            .collect(Collectors.joining(","));

    HttpResponse<String> response =
        post(
            "/v1/batches",
            "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/chat/completions\",".formatted(file)
                + "\"completion_window\":\"24h\",\"metadata\":{"
                + pairs
                + "}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("metadata");
  }

  @Test
  void resetForgetsTheBatches() {
    String id = batchOf(chatLine("a", "Hi"));

    post("/emulator/reset", "");

    assertThat(get("/v1/batches/" + id).statusCode()).isEqualTo(404);
    assertThat(json(get("/v1/batches")).get("data").isEmpty()).isTrue();
  }

  @Test
  void batchesNeedAKey() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/batches")).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
  }
}
