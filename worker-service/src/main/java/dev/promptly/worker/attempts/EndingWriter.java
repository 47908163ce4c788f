package dev.promptly.worker.attempts;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.attempts.AttemptEnding.Cancelled;
import dev.promptly.worker.attempts.AttemptEnding.Failed;
import dev.promptly.worker.attempts.AttemptEnding.Park;
import dev.promptly.worker.attempts.AttemptEnding.RetryAt;
import dev.promptly.worker.attempts.AttemptEnding.Snooze;
import dev.promptly.worker.attempts.AttemptEnding.Succeeded;
import dev.promptly.worker.calls.JobAnswer;
import dev.promptly.worker.claims.RunOutcome;
import dev.promptly.worker.leases.WorkerId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the ending of an attempt this worker holds, in the completer's next batch: the transition
 * out of running (a compare-and-set guarded by this worker's id, and the statement's first write),
 * then, as the ending needs, the next message in the outbox or the dead letter; the attempt's
 * ledger rows, budget settlements and {@code job_attempts} outcome join the batch's {@link
 * EndingRows}. If the claim was lost meanwhile (cancelled, handed back by the reaper), nothing is
 * written and the ending is {@link RunOutcome#LOST}. What follows the commit (the status cache and
 * live events) is the repository's; the counters are counted here once the batch has committed.
 */
public class EndingWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One transition with what is recorded with it. */
  private record Move(
      JobStatus to,
      JobChanges changes,
      String detail,
      RunOutcome outcome,
      AttemptOutcome attemptOutcome,
      String errorCode,
      String errorMessage) {}

  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final DeadLetters deadLetters;
  private final JobDispatcher dispatcher;
  private final JobCompleter completer;
  private final AttemptMetrics metrics;
  private final WorkerId me;
  private final Clock clock;

  EndingWriter(
      JobRepository jobs,
      AttemptLog attempts,
      DeadLetters deadLetters,
      JobDispatcher dispatcher,
      JobCompleter completer,
      AttemptMetrics metrics,
      WorkerId me,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.deadLetters = deadLetters;
    this.dispatcher = dispatcher;
    this.completer = completer;
    this.metrics = metrics;
    this.me = me;
    this.clock = clock;
  }

  /**
   * Writes {@code ending} of the claimed {@code job}'s attempt and returns what it came to once the
   * batch has committed.
   *
   * @param message the message that started the attempt: the next one follows its trace
   * @param spend every call the attempt was billed for, whatever became of the attempt
   */
  public RunOutcome write(
      JobRecord job, JobMessage message, AttemptSpend spend, AttemptEnding ending) {
    RunOutcome outcome = inBatch(job, spend, rows -> apply(job, message, spend, ending, rows));
    count(ending, outcome);
    return outcome;
  }

  private RunOutcome apply(
      JobRecord job,
      JobMessage message,
      AttemptSpend spend,
      AttemptEnding ending,
      EndingRows rows) {
    Instant now = clock.instant();
    return switch (ending) {
      case Succeeded succeeded -> succeed(job, spend, succeeded, now, rows);
      case Cancelled cancelled ->
          end(
              job,
              spend,
              rows,
              cancelled(
                  JobChanges.none().set("finished_at", now).set("lease_expires_at", null),
                  "cancel requested while running; model call abandoned"));
      case RetryAt retry -> {
        JobChanges changes =
            failure(retry.errorCode(), retry.errorMessage())
                .set("waiting_for", WaitingFor.BACKOFF.wireName());
        RunOutcome moved =
            end(
                job,
                spend,
                rows,
                new Move(
                    JobStatus.RETRY_SCHEDULED,
                    changes,
                    "retry in "
                        + Math.max(0, retry.at().toEpochMilli() - now.toEpochMilli())
                        + " ms: "
                        + retry.errorMessage(),
                    RunOutcome.RETRY_SCHEDULED,
                    AttemptOutcome.RETRYABLE_ERROR,
                    retry.errorCode(),
                    retry.errorMessage()));
        redispatch(job, message, job.attempts() + 1, retry.at());
        yield moved;
      }
      case Snooze snooze -> {
        JobChanges changes =
            failure(snooze.errorCode(), snooze.errorMessage())
                .set("attempts", job.attempts() - 1)
                .set("waiting_for", snooze.waitingFor().wireName());
        RunOutcome moved =
            end(
                job,
                spend,
                rows,
                new Move(
                    JobStatus.RETRY_SCHEDULED,
                    changes,
                    snooze.why()
                        + "; attempt given back, retry in "
                        + snooze.holdFor().toMillis()
                        + " ms",
                    RunOutcome.DELAYED,
                    AttemptOutcome.RETRYABLE_ERROR,
                    null,
                    snooze.errorMessage()));
        attempts.forget(job.id(), job.attempts());
        // The same attempt number again: the next claim counts it anew.
        redispatch(job, message, job.attempts(), now.plus(snooze.holdFor()));
        yield moved;
      }
      case Park park -> {
        JobChanges changes =
            failure(null, park.why())
                .set("attempts", job.attempts() - 1)
                .set("worker_id", null)
                .set("waiting_for", park.waitingFor().wireName());
        RunOutcome moved =
            end(
                job,
                spend,
                rows,
                new Move(
                    JobStatus.QUEUED,
                    changes,
                    park.why()
                        + "; attempt given back, waiting for "
                        + park.waitingFor().wireName(),
                    RunOutcome.DELAYED,
                    AttemptOutcome.RETRYABLE_ERROR,
                    null,
                    park.why()));
        attempts.forget(job.id(), job.attempts());
        yield moved;
      }
      case Failed failed -> {
        String errorMessage = AttemptLog.truncate(failed.message());
        RunOutcome moved =
            end(
                job,
                spend,
                rows,
                new Move(
                    JobStatus.FAILED,
                    failure(failed.code().wireName(), errorMessage).set("finished_at", now),
                    "failed: " + failed.code().wireName(),
                    RunOutcome.FAILED,
                    failed.attemptOutcome(),
                    failed.code().wireName(),
                    errorMessage));
        deadLetters.record(
            job.id(), job.tenantId(), failed.code().wireName(), errorMessage, job.attempts(), now);
        yield moved;
      }
    };
  }

  /**
   * One statement in the common case: the guarded update takes the row lock, which orders it
   * against the API's cancel. When it moves nothing, a cancel arrived while the model ran (the
   * result is dropped; the calls were made, so they are charged) or the claim was lost, which the
   * cancel's own compare-and-set then finds.
   */
  private RunOutcome succeed(
      JobRecord job, AttemptSpend spend, Succeeded succeeded, Instant now, EndingRows rows) {
    JobAnswer answer = succeeded.answer();
    JobChanges usage =
        JobChanges.none()
            .set("prompt_tokens", spend.promptTokens())
            .set("completion_tokens", spend.completionTokens())
            .set("cost_micros", spend.costMicros())
            .set("finished_at", now)
            .set("lease_expires_at", null);
    Move cancelled = cancelled(usage.copy(), "cancel requested while running; result discarded");
    usage
        .set("result", resultJson(answer))
        .set("model", answer.servedBy().model())
        .set("cached", spend.isAllCached())
        .set("error_code", null)
        .set("error_message", null);
    Move done =
        new Move(
            JobStatus.SUCCEEDED,
            usage,
            "succeeded on " + answer.servedBy().model(),
            RunOutcome.SUCCEEDED,
            AttemptOutcome.SUCCEEDED,
            null,
            null);
    Optional<JobRecord> moved =
        jobs.moveUnlessCancelRequested(
            job.id(), JobStatus.RUNNING, done.to(), done.changes(), done.detail(), me.value());
    return moved.isPresent() ? record(job, spend, done, rows) : end(job, spend, rows, cancelled);
  }

  private RunOutcome end(JobRecord job, AttemptSpend spend, EndingRows rows, Move move) {
    if (!jobs.transition(
        job.id(), JobStatus.RUNNING, move.to(), move.changes(), move.detail(), me.value())) {
      throw new ClaimLostException();
    }
    return record(job, spend, move, rows);
  }

  private RunOutcome record(JobRecord job, AttemptSpend spend, Move move, EndingRows rows) {
    Instant now = clock.instant();
    rows.charge(job.tenantId(), job.id(), job.attempts(), spend, now);
    rows.finish(
        new EndingRows.Finish(
            job.id(),
            job.attempts(),
            move.attemptOutcome(),
            move.errorCode(),
            move.errorMessage(),
            now));
    return move.outcome();
  }

  private static Move cancelled(JobChanges changes, String detail) {
    return new Move(
        JobStatus.CANCELLED,
        changes,
        detail,
        RunOutcome.CANCELLED,
        AttemptOutcome.CANCELLED,
        null,
        null);
  }

  private static JobChanges failure(String errorCode, String errorMessage) {
    return JobChanges.none()
        .set("error_code", errorCode)
        .set("error_message", AttemptLog.truncate(errorMessage))
        .set("lease_expires_at", null);
  }

  /** Puts the job's next message in the outbox, carrying the trace of the one it follows. */
  private void redispatch(JobRecord job, JobMessage message, int attempt, Instant notBefore) {
    dispatcher.dispatch(DispatchOrder.following(message, job, attempt).notBefore(notBefore));
  }

  // Counted once the batch has committed: what is counted happened.
  private void count(AttemptEnding ending, RunOutcome outcome) {
    switch (ending) {
      case RetryAt retry when outcome == RunOutcome.RETRY_SCHEDULED ->
          metrics.retried(retry.reason());
      case Snooze snooze when outcome == RunOutcome.DELAYED -> metrics.retried(snooze.reason());
      case Park park when outcome == RunOutcome.DELAYED -> metrics.waiting(park.waitingFor());
      case Failed failed when outcome == RunOutcome.FAILED ->
          metrics.deadLettered(failed.code().wireName());
      default -> {}
    }
  }

  /**
   * Runs {@code work} in the completer's next batch (one transaction with the endings of other
   * jobs); {@link RunOutcome#LOST} if the claim was lost. The compare-and-set is every ending's
   * first write, so a lost one has written nothing of the job, and the batch goes on without it;
   * the calls its attempt made were billed all the same, and are charged (ledger and budget) once,
   * here: whoever took the job back charges none of them.
   */
  private RunOutcome inBatch(
      JobRecord job, AttemptSpend spend, Function<EndingRows, RunOutcome> work) {
    return completer.end(
        job.id(),
        rows -> {
          try {
            return work.apply(rows);
          } catch (ClaimLostException e) {
            rows.charge(job.tenantId(), job.id(), job.attempts(), spend, clock.instant());
            return RunOutcome.LOST;
          }
        });
  }

  static String resultJson(JobAnswer answer) {
    ObjectNode result = JSON.createObjectNode();
    result.put("text", answer.text());
    result.put("finish_reason", answer.finishReason());
    result.put("model", answer.servedBy().model());
    if (answer.refusal() != null) {
      result.put("refusal", answer.refusal());
    }
    if (answer.chunks() != null) {
      result.put("chunks", answer.chunks());
      result.put("passes", answer.passes());
    }
    if (answer.cacheHit() != null) {
      result.put("cache_hit", answer.cacheHit());
    }
    return JSON.writeValueAsString(result);
  }

  /** Thrown by an ending whose compare-and-set lost: the job is no longer ours. */
  private static final class ClaimLostException extends RuntimeException {
    ClaimLostException() {
      super(null, null, false, false);
    }
  }
}
