package dev.promptly.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * A job's own timestamps, as stored by the services, and how long its model calls took.
 *
 * @param modelMillis the sum of the {@code usage_ledger.duration_ms} of its calls; null when none
 *     was recorded (no call answered, or a build from before that column)
 */
record JobTiming(
    String id,
    String status,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Double modelMillis) {

  boolean succeeded() {
    return "succeeded".equals(status) && finishedAt != null;
  }

  static double millisBetween(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
