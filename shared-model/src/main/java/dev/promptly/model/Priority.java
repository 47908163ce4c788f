package dev.promptly.model;

/**
 * Scheduling priority of a job. All jobs wait in one priority queue, where the broker hands out the
 * highest priority first; the declaration order here is that order, lowest first.
 */
public enum Priority {
  LOW,
  NORMAL,
  HIGH;

  /** The AMQP message priority of this priority's jobs: 0 for {@code low} up to {@link #MAX}. */
  public int messagePriority() {
    return ordinal();
  }

  /** The highest AMQP message priority used, the job queue's {@code x-max-priority}. */
  public static final int MAX = values().length - 1;

  /** The lower-case name used in the HTTP API, the database and as the routing key. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static Priority fromWireName(String wireName) {
    return WireEnums.fromWireName(Priority.class, wireName);
  }
}
