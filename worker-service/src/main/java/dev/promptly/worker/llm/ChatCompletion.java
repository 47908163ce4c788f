package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * What a chat model answered.
 *
 * @param text the generated text, empty when the model produced none
 * @param finishReason why generation stopped: {@code stop}, {@code length}, {@code content_filter},
 *     {@code tool_calls} or {@code other}
 * @param promptTokens tokens billed for the prompt
 * @param completionTokens tokens billed for the answer
 */
public record ChatCompletion(
    String text, String finishReason, int promptTokens, int completionTokens) {

  public ChatCompletion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }
}
