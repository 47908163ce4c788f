package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * What a chat model answered.
 *
 * @param text the generated text, empty when the model produced none
 * @param finishReason why generation stopped: {@code stop}, {@code length}, {@code content_filter}
 *     (also for a refusal), {@code tool_calls} or {@code other}
 * @param promptTokens tokens billed for the prompt
 * @param completionTokens tokens billed for the answer
 * @param refusal the model's refusal message ({@code message.refusal}), or null when it answered
 */
public record ChatCompletion(
    String text, String finishReason, int promptTokens, int completionTokens, String refusal) {

  public ChatCompletion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  /** An answer that is not a refusal. */
  public ChatCompletion(String text, String finishReason, int promptTokens, int completionTokens) {
    this(text, finishReason, promptTokens, completionTokens, null);
  }

  /** Whether the model declined to answer. */
  public boolean isRefusal() {
    return refusal != null;
  }
}
