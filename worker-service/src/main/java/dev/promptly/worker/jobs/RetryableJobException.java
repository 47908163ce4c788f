package dev.promptly.worker.jobs;

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

  /**
   * @param message what went wrong, fit to show to the job's owner (no prompt, no key)
   * @param code the error code to record, or null when no code fits (only a timeout has one)
   * @param retryAfter how long the provider asked us to wait, or null
   * @param cause the provider failure
   */
  public RetryableJobException(
      String message, JobErrorCode code, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** The error code to record with the job, if one fits. */
  public Optional<JobErrorCode> code() {
    return Optional.ofNullable(code);
  }

  /** The provider's Retry-After, if it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
