package dev.promptly.emulator.replies;

import java.util.Objects;

/** One message of the conversation, its content already flattened to plain text. */
public record ConversationMessage(String role, String content) {

  public ConversationMessage {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
  }

  boolean isInstruction() {
    return role.equals("system") || role.equals("developer");
  }

  boolean isUser() {
    return role.equals("user");
  }
}
