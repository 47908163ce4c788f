package dev.promptly.emulator.completions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The wire form of one server-sent event of a streamed answer ({@code chat.completion.chunk}). */
record ChatCompletionChunk(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("created") long created,
    @JsonProperty("model") String model,
    @JsonProperty("system_fingerprint") String systemFingerprint,
    @JsonProperty("choices") List<Choice> choices,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("usage") Usage usage) {

  static ChatCompletionChunk delta(Completion completion, Delta delta, String finishReason) {
    return new ChatCompletionChunk(
        completion.id(),
        "chat.completion.chunk",
        completion.created(),
        completion.model(),
        ChatCompletion.SYSTEM_FINGERPRINT,
        List.of(new Choice(0, delta, finishReason)),
        null);
  }

  /** An event without choices: OpenAI's closing usage chunk, or a provider's glitch. */
  static ChatCompletionChunk withoutChoices(Completion completion, Usage usage) {
    return new ChatCompletionChunk(
        completion.id(),
        "chat.completion.chunk",
        completion.created(),
        completion.model(),
        ChatCompletion.SYSTEM_FINGERPRINT,
        List.of(),
        usage);
  }

  record Choice(
      @JsonProperty("index") int index,
      @JsonProperty("delta") Delta delta,
      @JsonProperty("finish_reason") String finishReason) {}

  /**
   * Absent fields are left out, as OpenAI does: only the first delta names the role, and a refusal
   * streams in {@code refusal} deltas instead of {@code content}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delta(
      @JsonProperty("role") String role,
      @JsonProperty("content") String content,
      @JsonProperty("refusal") String refusal) {

    static Delta opening() {
      return new Delta("assistant", "", null);
    }

    static Delta ofContent(String text) {
      return new Delta(null, text, null);
    }

    static Delta ofRefusal(String text) {
      return new Delta(null, null, text);
    }

    static Delta closing() {
      return new Delta(null, null, null);
    }
  }
}
