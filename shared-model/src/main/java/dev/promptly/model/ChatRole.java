package dev.promptly.model;

/** The author of a chat message. */
public enum ChatRole {
  SYSTEM,
  USER,
  ASSISTANT;

  /** The lower-case name used in the HTTP API. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static ChatRole fromWireName(String wireName) {
    return WireEnums.fromWireName(ChatRole.class, wireName);
  }
}
