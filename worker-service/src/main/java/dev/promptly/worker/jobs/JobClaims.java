package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides whether a message's job is this worker's to run, and if so claims it: a compare-and-set
 * from queued (or retry_scheduled) to running, so that of two messages for one job only one reaches
 * the model.
 */
class JobClaims {
  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final TransactionTemplate transactions;
  private final LeaseProperties lease;
  private final WorkerId me;
  private final JobMetrics metrics;
  private final Clock clock;

  JobClaims(
      JobRepository jobs,
      AttemptLog attempts,
      TransactionTemplate transactions,
      LeaseProperties lease,
      WorkerId me,
      JobMetrics metrics,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.transactions = transactions;
    this.lease = lease;
    this.me = me;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Settles a message whose job is not waiting to run (finished, running elsewhere, or cancelled
   * before it started); empty when the job may be claimed.
   */
  Optional<RunOutcome> screen(JobRecord job, JobMessage message) {
    return switch (job.status()) {
      // A running job's holder keeps its lease alive; if the holder died, the reaper hands the
      // job back once the lease runs out. Either way this copy has nothing to do.
      case SUCCEEDED, FAILED, CANCELLED, RUNNING -> Optional.of(RunOutcome.DUPLICATE);
      case RETRY_SCHEDULED ->
          // A copy of an earlier attempt's message must not cut the backoff short: only the
          // message of the scheduled attempt starts it.
          message.attempt() <= job.attempts()
              ? Optional.of(RunOutcome.DUPLICATE)
              : cancelIfRequested(job);
      case QUEUED -> cancelIfRequested(job);
    };
  }

  /** Claims a job that {@link #screen} let through; empty if another worker was faster. */
  Optional<JobRecord> claim(JobRecord job) {
    Instant now = clock.instant();
    JobChanges changes =
        JobChanges.none()
            .increment("attempts")
            .set("worker_id", me.value())
            .set("lease_expires_at", now.plus(lease.duration()));
    if (job.startedAt() == null) {
      changes.set("started_at", now);
    }
    Optional<JobRecord> claimed =
        transactions.execute(
            status -> {
              // The statement returns the running row: attempts as the database counted it.
              Optional<JobRecord> running =
                  jobs.move(
                      job.id(), job.status(), JobStatus.RUNNING, changes, "claimed by " + me, null);
              running.ifPresent(row -> attempts.start(row.id(), row.attempts(), me, now));
              return running;
            });
    if (claimed.isPresent()) {
      metrics.claimed(job, now);
    }
    return claimed;
  }

  private Optional<RunOutcome> cancelIfRequested(JobRecord job) {
    if (!job.cancelRequested()) {
      return Optional.empty();
    }
    boolean cancelled =
        jobs.transition(
            job.id(),
            job.status(),
            JobStatus.CANCELLED,
            JobChanges.none().set("finished_at", clock.instant()),
            "cancel requested before start");
    return Optional.of(cancelled ? RunOutcome.CANCELLED : RunOutcome.DUPLICATE);
  }
}
