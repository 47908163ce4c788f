package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The answers real providers give now and then, played on demand: context overflow, output cut by
 * {@code max_tokens}, refusals, the content filter, empty choices and streams without usage.
 */
class ProviderQuirksTest extends EmulatorServerTest {

  private static String chat(String model, String content, String extra) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + content
        + "\"}]"
        + extra
        + "}";
  }

  private static String words(int count) {
    return "word ".repeat(count).strip();
  }

  @Test
  void promptOverTheContextWindowGetsOpenAisContextLengthError() {
    configure("{\"context_window\": 100}");

    HttpResponse<String> response = post("/v1/chat/completions", chat("m", words(200), ""));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = json(response).get("error");
    assertThat(error.get("message").asString())
        .matches(
            "This model's maximum context length is 100 tokens\\. However, your messages resulted"
                + " in \\d+ tokens\\. Please reduce the length of the messages\\.");
    assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asString()).isEqualTo("messages");
    assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/context_length_exceeded").asLong())
        .isEqualTo(1);
  }

  @Test
  void maxTokensThatDoNotFitBesideThePromptAreAContextLengthError() {
    configure("{\"context_window\": 100}");

    HttpResponse<String> response =
        post("/v1/chat/completions", chat("m", "Hello there", ",\"max_tokens\":95"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/message").asString())
        .contains("However, you requested")
        .contains("95 in the completion");
  }

  @Test
  void contextWindowOfOneModelLeavesTheOthersAlone() {
    configure("{\"context_windows\": {\"tiny\": 50}}");

    assertThat(post("/v1/chat/completions", chat("tiny", words(80), "")).statusCode())
        .isEqualTo(400);
    assertThat(post("/v1/chat/completions", chat("gpt-4o", words(80), "")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void maxTokensCutTheOutputWithFinishReasonLength() {
    JsonNode body =
        json(post("/v1/chat/completions", chat("m", "Tell me more", ",\"max_tokens\":3")));

    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void refuseMarkerGetsARefusalWithNullContent() {
    JsonNode body = json(post("/v1/chat/completions", chat("m", "Do it [[refuse]]", "")));

    JsonNode message = body.at("/choices/0/message");
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.get("refusal").asString()).isEqualTo("I can't help with that.");
    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
  }

  @Test
  void answeredMessageCarriesANullRefusal() {
    JsonNode message =
        json(post("/v1/chat/completions", chat("m", "Hi", ""))).at("/choices/0/message");

    assertThat(message.has("refusal")).isTrue();
    assertThat(message.get("refusal").isNull()).isTrue();
  }

  @Test
  void refusalStreamsInRefusalDeltas() {
    List<JsonNode> events = streamEvents(chat("m", "[[refuse]] now", ",\"stream\":true"));

    String refusal =
        events.stream()
            .map(event -> event.at("/choices/0/delta/refusal"))
            .filter(JsonNode::isString)
            .map(JsonNode::asString)
            .reduce("", String::concat);
    assertThat(refusal).isEqualTo("I can't help with that.");
    assertThat(events)
        .noneMatch(
            event ->
                event.at("/choices/0/delta/content").isString()
                    && !event.at("/choices/0/delta/content").asString().isEmpty());
  }

  @Test
  void filterMarkerStopsTheAnswerWithContentFilter() {
    JsonNode body = json(post("/v1/chat/completions", chat("m", "[[filter]] this", "")));

    assertThat(body.at("/choices/0/finish_reason").asString()).isEqualTo("content_filter");
    assertThat(body.at("/choices/0/message/content").asString()).isEmpty();
  }

  @Test
  void emptyChoicesSettingAnswersThatManyCompletionsWithoutChoices() {
    configure("{\"empty_choices\": 1}");

    JsonNode first = json(post("/v1/chat/completions", chat("m", "Hi", "")));
    JsonNode second = json(post("/v1/chat/completions", chat("m", "Hi", "")));

    assertThat(first.get("choices")).isEmpty();
    assertThat(first.at("/usage/prompt_tokens").asInt()).isPositive();
    assertThat(second.get("choices")).hasSize(1);
    assertThat(json(get("/emulator/config")).get("empty_choices").asInt()).isZero();
  }

  @Test
  void emptyChoicesMarkerStreamsOneEventWithoutChoices() {
    List<JsonNode> events = streamEvents(chat("m", "[[empty_choices]]", ",\"stream\":true"));

    assertThat(events).hasSize(1);
    assertThat(events.getFirst().get("choices")).isEmpty();
  }

  @Test
  void streamUsageOffLeavesTheUsageChunkOutEvenWhenAskedFor() {
    configure("{\"stream_usage\": false}");

    String body =
        post(
                "/v1/chat/completions",
                chat("m", "Hi", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"))
            .body();

    assertThat(body).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void contextWindowBelowTheMinimumIsRejected() {
    HttpResponse<String> response = put("/emulator/config", "{\"context_window\": 1}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("context_window");
  }

  private List<JsonNode> streamEvents(String request) {
    return post("/v1/chat/completions", request)
        .body()
        .lines()
        .filter(line -> line.startsWith("data: ") && !line.equals("data: [DONE]"))
        .map(line -> jsonMapper.readTree(line.substring(6)))
        .toList();
  }
}
