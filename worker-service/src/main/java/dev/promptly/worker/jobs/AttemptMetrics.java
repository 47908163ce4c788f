package dev.promptly.worker.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What became of attempts that did not succeed: retries scheduled (by the reason, an error code or
 * a provider condition) and jobs given up as dead letters (by error code). Both tag sets are small
 * and fixed. Recorded after the transaction that stored them committed.
 */
class AttemptMetrics {
  private final MeterRegistry meters;

  AttemptMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Another attempt (or the same one, given back) was put in the outbox for {@code reason}. */
  void retried(String reason) {
    Counter.builder("promptly.job.retries")
        .description("Attempts scheduled again after a failure, by reason")
        .tag("reason", reason == null ? "unknown" : reason)
        .register(meters)
        .increment();
  }

  /** A job failed for good and became a dead letter. */
  void deadLettered(String errorCode) {
    Counter.builder("promptly.dead.letters")
        .description("Jobs that failed for good and were recorded as dead letters")
        .tag("code", errorCode)
        .register(meters)
        .increment();
  }
}
