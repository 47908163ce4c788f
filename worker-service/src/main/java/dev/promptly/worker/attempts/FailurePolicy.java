package dev.promptly.worker.attempts;

import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.attempts.AttemptEnding.Failed;
import dev.promptly.worker.attempts.AttemptEnding.RetryAt;
import dev.promptly.worker.failures.RetryableJobException;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides what follows an attempt that failed retryably, for the runner (the call failed) and for
 * the lease reaper (the worker stopped responding) alike: another attempt, or a dead letter once
 * the job's attempts are used up.
 */
public class FailurePolicy {
  private final RetryBackoff backoff;

  FailurePolicy(RetryBackoff backoff) {
    this.backoff = backoff;
  }

  /**
   * After attempt {@code attempt} of {@code maxAttempts} failed with {@code failure}: the next
   * attempt after a backoff never shorter than the provider's Retry-After, or failed.
   */
  public AttemptEnding afterFailure(
      int attempt, int maxAttempts, RetryableJobException failure, Instant now) {
    String message = AttemptLog.truncate(failure.getMessage());
    if (attempt >= maxAttempts) {
      return exhausted(attempt, message, AttemptOutcome.RETRYABLE_ERROR);
    }
    Duration delay = backoff.delayAfter(attempt, failure.retryAfter());
    return new RetryAt(
        now.plus(delay),
        failure.code().map(JobErrorCode::wireName).orElse(null),
        message,
        retryReason(failure));
  }

  /**
   * After the lease of attempt {@code attempt} ran out (its worker died or lost the database): the
   * attempt counts as used, and the next one may start at once, or the job fails.
   */
  public AttemptEnding afterLapse(int attempt, int maxAttempts, Instant now) {
    if (attempt >= maxAttempts) {
      return exhausted(attempt, "worker stopped responding", AttemptOutcome.ABANDONED);
    }
    return new RetryAt(now, null, null, "lease_expired");
  }

  private static Failed exhausted(int attempts, String lastError, AttemptOutcome outcome) {
    return new Failed(
        JobErrorCode.ATTEMPTS_EXHAUSTED,
        "gave up after " + attempts + " attempt(s); last error: " + lastError,
        outcome);
  }

  /** A short, fixed name for why an attempt failed retryably. */
  public static String retryReason(RetryableJobException failure) {
    return failure
        .code()
        .map(JobErrorCode::wireName)
        .orElse(failure.isProviderFault() ? "provider_error" : "rate_limited");
  }
}
