package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The raw wire format, checked field by field where langchain4j would be too forgiving. */
class ChatCompletionsProtocolTest extends EmulatorServerTest {

  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":7}";

  @Test
  void nonStreamedCompletionHasOpenAiShape() {
    JsonNode body = json(post("/v1/chat/completions", CHAT));

    assertThat(body.get("id").asString()).startsWith("chatcmpl-");
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(body.at("/choices/0/message/role").asString()).isEqualTo("assistant");
    assertThat(body.at("/choices/0/message/content").asString()).isNotBlank();
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(body.at("/usage/total_tokens").asInt())
        .isEqualTo(
            body.at("/usage/prompt_tokens").asInt() + body.at("/usage/completion_tokens").asInt());
  }

  @Test
  void streamEndsWithFinishReasonUsageChunkAndDone() {
    String request =
        "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream please\"}]}";

    HttpResponse<String> response = post("/v1/chat/completions", request);

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    List<String> events =
        response
            .body()
            .lines()
            .filter(line -> line.startsWith("data: "))
            .map(line -> line.substring(6))
            .toList();
    assertThat(events.getLast()).isEqualTo("[DONE]");
    JsonNode first = jsonMapper.readTree(events.getFirst());
    assertThat(first.get("object").asString()).isEqualTo("chat.completion.chunk");
    assertThat(first.at("/choices/0/delta/role").asString()).isEqualTo("assistant");
    JsonNode finish = jsonMapper.readTree(events.get(events.size() - 3));
    assertThat(finish.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    JsonNode usage = jsonMapper.readTree(events.get(events.size() - 2));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/completion_tokens").asInt()).isPositive();
  }

  @Test
  void streamWithoutIncludeUsageHasNoUsageChunk() {
    String request =
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    String body = post("/v1/chat/completions", request).body();

    assertThat(body).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void arrayContentIsAccepted() {
    String request =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Parts"
            + " work\"}]}]}";

    JsonNode body = json(post("/v1/chat/completions", request));

    assertThat(body.at("/choices/0/message/content").asString()).contains("Parts work");
  }

  @Test
  void bodyIsReadWhateverTheContentType() {
    HttpRequest request =
        request("/v1/chat/completions")
            .setHeader("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(CHAT))
            .build();

    HttpResponse<String> response = send(request);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void malformedJsonIsAnInvalidRequest() {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    assertThat(json(response).get("error").has("code")).isTrue();
  }

  @Test
  void missingMessagesIsAnInvalidRequest() {
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("messages");
  }

  @Test
  void missingKeyIsUnauthorized() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CHAT))
            .build();

    HttpResponse<String> response = send(request);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/unauthorized").asLong()).isEqualTo(1);
  }

  @Test
  void modelsListsTheConfiguredNames() {
    JsonNode body = json(get("/v1/models"));

    assertThat(body.get("object").asString()).isEqualTo("list");
    assertThat(body.get("data").values())
        .extracting(model -> model.get("id").asString())
        .containsExactly("gpt-4o-mini", "gpt-4o", "emulator-small");
    assertThat(body.at("/data/0/owned_by").asString()).isEqualTo("promptly-emulator");
    assertThat(body.at("/data/0/object").asString()).isEqualTo("model");
  }

  @Test
  void streamPacingHonoursTimeToFirstTokenAndPerTokenDelay() {
    configure("{\"ttft_ms\": 200, \"per_token_ms\": 10}");
    String request =
        "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    long start = System.nanoTime();

    post("/v1/chat/completions", request);

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200 + 10);
  }
}
