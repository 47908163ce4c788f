package dev.promptly.emulator.completions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The wire form of a non-streamed answer ({@code chat.completion}). */
record ChatCompletion(
    @JsonProperty("id") String id,
    @JsonProperty("object") String object,
    @JsonProperty("created") long created,
    @JsonProperty("model") String model,
    @JsonProperty("system_fingerprint") String systemFingerprint,
    @JsonProperty("choices") List<Choice> choices,
    @JsonProperty("usage") Usage usage) {

  static final String SYSTEM_FINGERPRINT = "fp_promptly_emulator";

  static ChatCompletion of(Completion completion) {
    return new ChatCompletion(
        completion.id(),
        "chat.completion",
        completion.created(),
        completion.model(),
        SYSTEM_FINGERPRINT,
        completion.hasChoices()
            ? List.of(
                new Choice(
                    0,
                    new Message("assistant", completion.text(), completion.refusal()),
                    null,
                    completion.finishReason()))
            : List.of(),
        completion.usage());
  }

  record Choice(
      @JsonProperty("index") int index,
      @JsonProperty("message") Message message,
      @JsonProperty("logprobs") Object logprobs,
      @JsonProperty("finish_reason") String finishReason) {}

  /** As OpenAI sends it: {@code content} is null when {@code refusal} is set, and vice versa. */
  record Message(
      @JsonProperty("role") String role,
      @JsonProperty("content") String content,
      @JsonProperty("refusal") String refusal) {}
}
