package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ends an attempt that this worker holds: the transition out of running guarded by {@code
 * expectedWorker}, the attempt's usage rows and its outcome. If the claim was lost meanwhile
 * (cancelled, handed back by the reaper) the whole transaction rolls back and nothing is stored.
 */
class AttemptEndings {
  /** How an attempt ends: the job's new status, and what is recorded with it. */
  record Ending(
      JobStatus to,
      JobChanges changes,
      String detail,
      RunOutcome outcome,
      AttemptOutcome attemptOutcome,
      String errorCode,
      String errorMessage,
      AttemptSpend spend) {}

  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final UsageLedger ledger;
  private final JobCompleter completer;
  private final WorkerId me;
  private final Clock clock;

  AttemptEndings(
      JobRepository jobs,
      AttemptLog attempts,
      UsageLedger ledger,
      JobCompleter completer,
      WorkerId me,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.ledger = ledger;
    this.completer = completer;
    this.me = me;
    this.clock = clock;
  }

  /** Applies an ending; must run inside {@link #inTransaction}. */
  RunOutcome end(JobRecord job, Ending ending) {
    if (!jobs.transition(
        job.id(), JobStatus.RUNNING, ending.to(), ending.changes(), ending.detail(), me.value())) {
      throw new ClaimLostException();
    }
    return record(job, ending);
  }

  /**
   * Applies an ending unless a cancel was requested while the attempt ran; must run inside {@link
   * #inTransaction}.
   *
   * @return empty when the job was not moved: a cancel was requested, or the claim was lost
   */
  Optional<RunOutcome> endUnlessCancelRequested(JobRecord job, Ending ending) {
    return jobs.moveUnlessCancelRequested(
            job.id(), JobStatus.RUNNING, ending.to(), ending.changes(), ending.detail(), me.value())
        .map(moved -> record(job, ending));
  }

  private RunOutcome record(JobRecord job, Ending ending) {
    Instant now = clock.instant();
    // Every call the attempt was billed for, whatever became of the attempt, priced by the model
    // that served it.
    for (Usage usage : ending.spend().calls()) {
      ledger.record(job.tenantId(), job.id(), job.attempts(), usage, now);
    }
    attempts.finish(
        job.id(),
        job.attempts(),
        ending.attemptOutcome(),
        ending.errorCode(),
        ending.errorMessage(),
        now);
    return ending.outcome();
  }

  /**
   * Runs {@code work} in the completer's next batch (one transaction with the endings of other
   * jobs); {@link RunOutcome#LOST} if the claim was lost. The compare-and-set is every ending's
   * first write, so a lost one has written nothing, and the batch goes on without it.
   */
  RunOutcome inTransaction(JobRecord job, Supplier<RunOutcome> work) {
    return completer.end(
        job.id(),
        () -> {
          try {
            return work.get();
          } catch (ClaimLostException e) {
            return RunOutcome.LOST;
          }
        });
  }

  /** Thrown by an ending whose compare-and-set lost: the job is no longer ours. */
  private static final class ClaimLostException extends RuntimeException {
    ClaimLostException() {
      super(null, null, false, false);
    }
  }
}
