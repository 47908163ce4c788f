package dev.promptly.model;

import java.util.List;

/**
 * Input of a chat job.
 *
 * @param messages the conversation, 1–{@value #MAX_MESSAGES} messages
 * @param temperature sampling temperature 0–2, or null for the provider's default
 * @param maxTokens upper bound on generated tokens 1–{@value #MAX_TOKENS_LIMIT}, or null for the
 *     model's default
 */
public record ChatInput(List<ChatMessage> messages, Double temperature, Integer maxTokens)
    implements JobInput {
  public static final int MAX_MESSAGES = 100;
  public static final int MAX_TOKENS_LIMIT = 32768;

  public ChatInput {
    messages = List.copyOf(messages);
    if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
      throw new IllegalArgumentException("messages must hold 1 to " + MAX_MESSAGES + " items");
    }
    if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
      throw new IllegalArgumentException("temperature must be between 0 and 2");
    }
    if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT)) {
      throw new IllegalArgumentException("max_tokens must be between 1 and " + MAX_TOKENS_LIMIT);
    }
  }

  @Override
  public JobKind kind() {
    return JobKind.CHAT;
  }
}
