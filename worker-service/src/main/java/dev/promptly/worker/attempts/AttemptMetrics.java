package dev.promptly.worker.attempts;

import dev.promptly.model.JobErrorCode;
import dev.promptly.model.WaitingFor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * What became of attempts that did not succeed: retries scheduled (by the reason, an error code or
 * a provider condition) and jobs given up as dead letters (by error code). Both tag sets are small
 * and fixed. Recorded after the transaction that stored them committed.
 */
public class AttemptMetrics {
  /** Every reason a retry is counted under (see {@link FailurePolicy#retryReason}). */
  static final List<String> RETRY_REASONS =
      List.of(
          "timeout",
          "provider_error",
          "rate_limited",
          "circuit_open",
          "provider_busy",
          "lease_expired");

  private final MeterRegistry meters;

  /**
   * Registers every series at zero up front: an alert on {@code increase(...)} sees the first dead
   * letter only if the series existed before it.
   */
  AttemptMetrics(MeterRegistry meters) {
    this.meters = meters;
    RETRY_REASONS.forEach(reason -> retries(reason));
    for (JobErrorCode code : JobErrorCode.values()) {
      deadLetters(code.wireName());
    }
    parked(WaitingFor.BUDGET);
  }

  /** A running job was set waiting for {@code why}, its attempt given back. */
  public void waiting(WaitingFor why) {
    parked(why).increment();
  }

  /**
   * Jobs set waiting without an attempt; the same series that {@code caps/TenantSlots} counts its
   * parked jobs in.
   */
  private Counter parked(WaitingFor why) {
    return Counter.builder("promptly.worker.jobs.waiting")
        .description("Jobs set waiting without using an attempt, by what they wait for")
        .tag("waiting_for", why.wireName())
        .register(meters);
  }

  /** Another attempt (or the same one, given back) was put in the outbox for {@code reason}. */
  public void retried(String reason) {
    retries(reason == null ? "unknown" : reason).increment();
  }

  /** A job failed for good and became a dead letter. */
  public void deadLettered(String errorCode) {
    deadLetters(errorCode).increment();
  }

  private Counter retries(String reason) {
    return Counter.builder("promptly.job.retries")
        .description("Attempts scheduled again after a failure, by reason")
        .tag("reason", reason)
        .register(meters);
  }

  private Counter deadLetters(String errorCode) {
    return Counter.builder("promptly.dead.letters")
        .description("Jobs that failed for good and were recorded as dead letters")
        .tag("code", errorCode)
        .register(meters);
  }
}
