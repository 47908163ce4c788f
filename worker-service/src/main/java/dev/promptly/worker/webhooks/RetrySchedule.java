package dev.promptly.worker.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides what an attempt means for its event: delivered, gone, refused, or another try after the
 * schedule's wait for that attempt, until the schedule runs out. With n waits an event gets n + 1
 * attempts: the first at once, then one after each wait.
 */
final class RetrySchedule {
  /** The outcome of an attempt, and when the next one is due when there is one. */
  record Decision(DeliveryOutcome outcome, Instant nextAttemptAt) {}

  private final List<Duration> waits;

  RetrySchedule(List<Duration> waits) {
    this.waits = List.copyOf(waits);
  }

  /**
   * @param attemptsBefore attempts the event had before this one
   */
  Decision decide(DeliveryAttempt attempt, int attemptsBefore, Instant now) {
    if (attempt.isSuccess()) {
      return new Decision(DeliveryOutcome.DELIVERED, null);
    }
    if (attempt.isGone()) {
      return new Decision(DeliveryOutcome.GONE, null);
    }
    if (attempt.refused()) {
      return new Decision(DeliveryOutcome.REFUSED, null);
    }
    if (attemptsBefore >= waits.size()) {
      return new Decision(DeliveryOutcome.EXHAUSTED, null);
    }
    return new Decision(DeliveryOutcome.RETRY, now.plus(waits.get(attemptsBefore)));
  }
}
