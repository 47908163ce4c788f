package dev.promptly.worker.attempts;

import java.util.Locale;

/** How one attempt at a job ended, as stored in {@code job_attempts.outcome}. */
public enum AttemptOutcome {
  SUCCEEDED,
  FAILED,
  RETRYABLE_ERROR,
  CANCELLED,
  ABANDONED;

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
