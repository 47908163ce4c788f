package dev.promptly.worker.prompts;

import dev.promptly.model.ChatMessage;
import java.util.List;

/**
 * The messages and sampling settings to send for one job.
 *
 * @param messages the conversation, in order
 * @param temperature sampling temperature, or null for the provider's default
 * @param maxTokens upper bound on generated tokens, or null for the model's default
 */
public record Prompt(List<ChatMessage> messages, Double temperature, Integer maxTokens) {
  public Prompt {
    messages = List.copyOf(messages);
  }
}
