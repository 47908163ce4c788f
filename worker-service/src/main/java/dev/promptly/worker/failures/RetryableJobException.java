package dev.promptly.worker.failures;

import dev.promptly.model.JobErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * A failure that another attempt may not meet: rate limits, provider errors, timeouts, broken
 * connections. The job is rescheduled until it runs out of attempts.
 */
public class RetryableJobException extends RuntimeException {
  private final JobErrorCode code;
  private final Duration retryAfter;
  private final boolean providerFault;

  /**
   * @param message what went wrong, fit to show to the job's owner (no prompt, no key)
   * @param code the error code to record, or null when no code fits (only a timeout has one)
   * @param retryAfter how long the provider asked us to wait, or null
   * @param providerFault whether the provider itself failed (5xx, timeout, connection), as opposed
   *     to refusing us for now (429)
   * @param cause the provider failure
   */
  public RetryableJobException(
      String message,
      JobErrorCode code,
      Duration retryAfter,
      boolean providerFault,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryAfter = retryAfter;
    this.providerFault = providerFault;
  }

  /** The model call took longer than the job's {@code timeout_seconds}. */
  public static RetryableJobException timedOut(Duration timeout, Throwable cause) {
    long millis = timeout.toMillis();
    String limit = millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    return new RetryableJobException(
        "provider call timed out after " + limit, JobErrorCode.TIMEOUT, null, true, cause);
  }

  /** The error code to record with the job, if one fits. */
  public Optional<JobErrorCode> code() {
    return Optional.ofNullable(code);
  }

  /** The provider's Retry-After, if it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Whether the provider itself failed: what its circuit breaker counts. A rate limit is not one,
   * since the provider answered; it only asked us to slow down.
   */
  public boolean isProviderFault() {
    return providerFault;
  }
}
