package dev.promptly.emulator.batches;

import static org.awaitility.Awaitility.await;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Uploads, batches and their files, over HTTP, for the Files and Batches tests. */
abstract class BatchServerTest extends EmulatorServerTest {

  /** A batch input line asking {@code gpt-4o-mini} to answer {@code question}. */
  static String chatLine(String customId, String question) {
    return "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":%s}"
        .formatted(customId, chatBody(question));
  }

  static String chatBody(String question) {
    return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}"
        .formatted(question);
  }

  static String jsonl(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  HttpResponse<String> upload(String purpose, String content) {
    String boundary = "----promptly" + UUID.randomUUID();
    String body =
        ("--%1$s\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n%2$s\r\n"
                + "--%1$s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\""
                + "\r\nContent-Type: application/jsonl\r\n\r\n%3$s\r\n--%1$s--\r\n")
            .formatted(boundary, purpose, content);
    return send(
        request("/v1/files")
            .setHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  String uploadBatchFile(String content) {
    HttpResponse<String> response = upload("batch", content);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("upload refused: " + response.body());
    }
    return json(response).get("id").asString();
  }

  JsonNode createBatch(String inputFileId) {
    HttpResponse<String> response =
        post(
            "/v1/batches",
            "{\"input_file_id\":\"%s\",\"endpoint\":\"/v1/chat/completions\","
                    .formatted(inputFileId)
                + "\"completion_window\":\"24h\",\"metadata\":{\"run\":\"nightly\"}}");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("batch refused: " + response.body());
    }
    return json(response);
  }

  String batchOf(String... lines) {
    return createBatch(uploadBatchFile(jsonl(lines))).get("id").asString();
  }

  JsonNode batch(String id) {
    return json(get("/v1/batches/" + id));
  }

  JsonNode awaitStatus(String id, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> batch(id), batch -> batch.get("status").asString().equals(status));
  }

  List<JsonNode> fileLines(String fileId) {
    return get("/v1/files/" + fileId + "/content")
        .body()
        .lines()
        .map(jsonMapper::readTree)
        .toList();
  }
}
