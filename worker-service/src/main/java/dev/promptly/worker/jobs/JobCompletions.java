package dev.promptly.worker.jobs;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ChatCompletion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ends an attempt that this worker holds. Each ending is one transaction guarded by {@code
 * expectedWorker}: if the claim was lost meanwhile (cancelled, taken over) nothing is stored.
 */
class JobCompletions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final UsageLedger ledger;
  private final JobDispatcher dispatcher;
  private final RetryBackoff backoff;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final WorkerId me;
  private final Clock clock;

  JobCompletions(
      JobRepository jobs,
      AttemptLog attempts,
      UsageLedger ledger,
      JobDispatcher dispatcher,
      RetryBackoff backoff,
      TransactionTemplate transactions,
      JdbcClient jdbc,
      WorkerId me,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.ledger = ledger;
    this.dispatcher = dispatcher;
    this.backoff = backoff;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.me = me;
    this.clock = clock;
  }

  /** Stores the answer, its usage and cost, unless a cancel arrived while the model ran. */
  RunOutcome markSucceeded(JobRecord job, ModelSpec spec, ChatCompletion completion) {
    Instant now = clock.instant();
    Usage usage = Usage.of(completion, spec);
    JobChanges changes =
        JobChanges.none()
            .set("prompt_tokens", usage.promptTokens())
            .set("completion_tokens", usage.completionTokens())
            .set("cost_micros", usage.costMicros())
            .set("finished_at", now)
            .set("lease_expires_at", null);
    return inTransaction(
        () -> {
          // The row lock orders us against the API's cancel: either it sees a finished job, or we
          // see its cancel_requested and drop the result.
          if (isCancelRequested(job.id())) {
            return finish(
                job,
                JobStatus.CANCELLED,
                changes,
                "cancel requested while running; result discarded",
                RunOutcome.CANCELLED,
                AttemptOutcome.CANCELLED,
                null,
                null,
                usage);
          }
          changes
              .set("result", resultJson(completion))
              .set("error_code", null)
              .set("error_message", null);
          return finish(
              job,
              JobStatus.SUCCEEDED,
              changes,
              "succeeded",
              RunOutcome.SUCCEEDED,
              AttemptOutcome.SUCCEEDED,
              null,
              null,
              usage);
        });
  }

  /** Puts the next attempt in the outbox after a backoff, or fails the job when none are left. */
  RunOutcome retryOrFail(JobRecord job, JobMessage message, RetryableJobException failure) {
    if (job.attempts() >= job.maxAttempts()) {
      String detail =
          "gave up after " + job.attempts() + " attempt(s); last error: " + failure.getMessage();
      return markFailed(
          job, JobErrorCode.ATTEMPTS_EXHAUSTED, detail, AttemptOutcome.RETRYABLE_ERROR);
    }
    Instant now = clock.instant();
    Duration delay = backoff.delayAfter(job.attempts(), failure.retryAfter());
    String code = failure.code().map(JobErrorCode::wireName).orElse(null);
    String errorMessage = AttemptLog.truncate(failure.getMessage());
    JobChanges changes =
        JobChanges.none()
            .set("error_code", code)
            .set("error_message", errorMessage)
            .set("lease_expires_at", null);
    return inTransaction(
        () -> {
          RunOutcome outcome =
              finish(
                  job,
                  JobStatus.RETRY_SCHEDULED,
                  changes,
                  "retry in " + delay.toMillis() + " ms: " + errorMessage,
                  RunOutcome.RETRY_SCHEDULED,
                  AttemptOutcome.RETRYABLE_ERROR,
                  code,
                  errorMessage,
                  null);
          if (outcome == RunOutcome.RETRY_SCHEDULED) {
            dispatcher.dispatch(
                job.id(),
                job.tenantId(),
                job.attempts() + 1,
                job.priority().wireName(),
                message.traceparent(),
                message.requestId(),
                now.plus(delay),
                now);
          }
          return outcome;
        });
  }

  RunOutcome markFailed(
      JobRecord job, JobErrorCode code, String message, AttemptOutcome attemptOutcome) {
    String errorMessage = AttemptLog.truncate(message);
    JobChanges changes =
        JobChanges.none()
            .set("error_code", code.wireName())
            .set("error_message", errorMessage)
            .set("finished_at", clock.instant())
            .set("lease_expires_at", null);
    return inTransaction(
        () ->
            finish(
                job,
                JobStatus.FAILED,
                changes,
                "failed: " + code.wireName(),
                RunOutcome.FAILED,
                attemptOutcome,
                code.wireName(),
                errorMessage,
                null));
  }

  private RunOutcome finish(
      JobRecord job,
      JobStatus to,
      JobChanges changes,
      String detail,
      RunOutcome outcome,
      AttemptOutcome attemptOutcome,
      String errorCode,
      String errorMessage,
      Usage usage) {
    if (!jobs.transition(job.id(), JobStatus.RUNNING, to, changes, detail, me.value())) {
      throw new ClaimLostException();
    }
    Instant now = clock.instant();
    if (usage != null) {
      ledger.record(job.tenantId(), job.id(), job.attempts(), job.model(), usage, now);
    }
    attempts.finish(job.id(), job.attempts(), attemptOutcome, errorCode, errorMessage, now);
    return outcome;
  }

  private RunOutcome inTransaction(java.util.function.Supplier<RunOutcome> work) {
    try {
      return transactions.execute(status -> work.get());
    } catch (ClaimLostException e) {
      return RunOutcome.LOST;
    }
  }

  private boolean isCancelRequested(String jobId) {
    return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id FOR UPDATE")
        .param("id", jobId)
        .query(Boolean.class)
        .single();
  }

  private static String resultJson(ChatCompletion completion) {
    ObjectNode result = JSON.createObjectNode();
    result.put("text", completion.text());
    result.put("finish_reason", completion.finishReason());
    return JSON.writeValueAsString(result);
  }

  /** Thrown inside a transaction to roll it back when the job is no longer ours. */
  private static final class ClaimLostException extends RuntimeException {
    ClaimLostException() {
      super(null, null, false, false);
    }
  }
}
