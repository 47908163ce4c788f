package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * A text's embedding as the provider computed it.
 *
 * @param vector the provider's vector (OpenAI's are of length 1)
 * @param promptTokens tokens billed for the text
 */
public record Embedding(float[] vector, int promptTokens) {
  public Embedding {
    Objects.requireNonNull(vector, "vector");
    if (promptTokens < 0) {
      throw new IllegalArgumentException("prompt tokens must not be negative");
    }
  }
}
