package dev.promptly.worker.jobs;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.jobs.AttemptEndings.Ending;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ends an attempt that failed: schedules the next attempt through the outbox, or fails the job and
 * records it as a dead letter, each in one transaction.
 */
class JobFailures {
  private final AttemptEndings endings;
  private final DeadLetters deadLetters;
  private final JobDispatcher dispatcher;
  private final RetryBackoff backoff;
  private final AttemptLog attempts;
  private final AttemptMetrics metrics;
  private final Clock clock;

  JobFailures(
      AttemptEndings endings,
      DeadLetters deadLetters,
      JobDispatcher dispatcher,
      RetryBackoff backoff,
      AttemptLog attempts,
      AttemptMetrics metrics,
      Clock clock) {
    this.endings = endings;
    this.deadLetters = deadLetters;
    this.dispatcher = dispatcher;
    this.backoff = backoff;
    this.attempts = attempts;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Hands back an attempt whose failure opened the provider's circuit: the job waits out the open
   * circuit and keeps its attempts, as the jobs held back before their claim do.
   */
  RunOutcome giveBack(
      JobRecord job,
      JobMessage message,
      RetryableJobException failure,
      AttemptSpend spend,
      Duration wait) {
    return giveBack(job, message, failure, spend, wait, "provider circuit opened", "circuit_open");
  }

  /**
   * Hands back an attempt for {@code reason}; the job keeps its attempts and waits.
   *
   * @param metricReason the reason as a short, fixed tag value, e.g. {@code provider_busy}
   */
  RunOutcome giveBack(
      JobRecord job,
      JobMessage message,
      RetryableJobException failure,
      AttemptSpend spend,
      Duration wait,
      String reason,
      String metricReason) {
    Instant now = clock.instant();
    String errorMessage = AttemptLog.truncate(failure.getMessage());
    JobChanges changes =
        JobChanges.none()
            .set("attempts", job.attempts() - 1)
            .set("error_code", failure.code().map(JobErrorCode::wireName).orElse(null))
            .set("error_message", errorMessage)
            .set("lease_expires_at", null);
    Ending ending =
        new Ending(
            JobStatus.RETRY_SCHEDULED,
            changes,
            reason + "; attempt given back, retry in " + wait.toMillis() + " ms",
            RunOutcome.DELAYED,
            AttemptOutcome.RETRYABLE_ERROR,
            null,
            errorMessage,
            spend);
    RunOutcome given =
        endings.inTransaction(
            job,
            () -> {
              RunOutcome outcome = endings.end(job, ending);
              attempts.forget(job.id(), job.attempts());
              // The same attempt number again: the next claim counts it anew.
              redispatch(job, message, job.attempts(), now.plus(wait));
              return outcome;
            });
    if (given == RunOutcome.DELAYED) {
      metrics.retried(metricReason);
    }
    return given;
  }

  /** Puts the next attempt in the outbox after a backoff, or fails the job when none are left. */
  RunOutcome retryOrFail(
      JobRecord job, JobMessage message, RetryableJobException failure, AttemptSpend spend) {
    if (job.attempts() >= job.maxAttempts()) {
      String detail =
          "gave up after " + job.attempts() + " attempt(s); last error: " + failure.getMessage();
      return markFailed(
          job, JobErrorCode.ATTEMPTS_EXHAUSTED, detail, AttemptOutcome.RETRYABLE_ERROR, spend);
    }
    Instant now = clock.instant();
    // Never shorter than the provider's Retry-After: the backoff takes the longer of the two.
    Duration delay = backoff.delayAfter(job.attempts(), failure.retryAfter());
    String code = failure.code().map(JobErrorCode::wireName).orElse(null);
    String errorMessage = AttemptLog.truncate(failure.getMessage());
    JobChanges changes =
        JobChanges.none()
            .set("error_code", code)
            .set("error_message", errorMessage)
            .set("lease_expires_at", null);
    Ending ending =
        new Ending(
            JobStatus.RETRY_SCHEDULED,
            changes,
            "retry in " + delay.toMillis() + " ms: " + errorMessage,
            RunOutcome.RETRY_SCHEDULED,
            AttemptOutcome.RETRYABLE_ERROR,
            code,
            errorMessage,
            spend);
    RunOutcome scheduled =
        endings.inTransaction(
            job,
            () -> {
              RunOutcome outcome = endings.end(job, ending);
              redispatch(job, message, job.attempts() + 1, now.plus(delay));
              return outcome;
            });
    if (scheduled == RunOutcome.RETRY_SCHEDULED) {
      metrics.retried(retryReason(failure));
    }
    return scheduled;
  }

  /** A short, fixed name for why an attempt failed retryably. */
  static String retryReason(RetryableJobException failure) {
    return failure
        .code()
        .map(JobErrorCode::wireName)
        .orElse(failure.isProviderFault() ? "provider_error" : "rate_limited");
  }

  /** Puts the job's next message in the outbox, carrying the trace of the one it follows. */
  private void redispatch(JobRecord job, JobMessage message, int attempt, Instant notBefore) {
    dispatcher.dispatch(DispatchOrder.following(message, job, attempt).notBefore(notBefore));
  }

  /** Fails the job for good and records it as a dead letter. */
  RunOutcome markFailed(
      JobRecord job,
      JobErrorCode code,
      String message,
      AttemptOutcome attemptOutcome,
      AttemptSpend spend) {
    Instant now = clock.instant();
    String errorMessage = AttemptLog.truncate(message);
    JobChanges changes =
        JobChanges.none()
            .set("error_code", code.wireName())
            .set("error_message", errorMessage)
            .set("finished_at", now)
            .set("lease_expires_at", null);
    Ending ending =
        new Ending(
            JobStatus.FAILED,
            changes,
            "failed: " + code.wireName(),
            RunOutcome.FAILED,
            attemptOutcome,
            code.wireName(),
            errorMessage,
            spend);
    RunOutcome failed =
        endings.inTransaction(
            job,
            () -> {
              RunOutcome outcome = endings.end(job, ending);
              deadLetters.record(
                  job.id(), job.tenantId(), code.wireName(), errorMessage, job.attempts(), now);
              return outcome;
            });
    if (failed == RunOutcome.FAILED) {
      metrics.deadLettered(code.wireName());
    }
    return failed;
  }
}
