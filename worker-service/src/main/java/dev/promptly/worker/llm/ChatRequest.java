package dev.promptly.worker.llm;

import dev.promptly.model.ChatMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One call to a chat model, in our own terms; the gateway translates it to the provider's wire
 * format.
 *
 * @param model the provider's model name, e.g. {@code gpt-4o-mini}
 * @param messages the conversation, in order
 * @param temperature sampling temperature, or null for the provider's default
 * @param maxTokens upper bound on generated tokens, or null for the model's default
 * @param timeout how long the whole call may take before it counts as a timeout
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Double temperature,
    Integer maxTokens,
    Duration timeout) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }
}
