package dev.promptly.model;

import java.util.Objects;

/** One message of a chat conversation. */
public record ChatMessage(ChatRole role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }
}
