package dev.promptly.model;

/** Scheduling priority of a job; each priority has its own queue. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH;

  /** The lower-case name used in the HTTP API, the database and as the routing key. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static Priority fromWireName(String wireName) {
    return WireEnums.fromWireName(Priority.class, wireName);
  }
}
