package dev.promptly.worker.jobs;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides whether this worker runs a job, and if so claims it: a compare-and-set from queued (or
 * retry_scheduled) to running, so that of two messages for one job only one reaches the model.
 */
class JobClaims {
  private static final Logger log = LoggerFactory.getLogger(JobClaims.class);

  /** The result of trying to claim: the job to run, or why not. */
  sealed interface Claim {
    record Claimed(JobRecord job) implements Claim {}

    record NotClaimed(RunOutcome outcome) implements Claim {}
  }

  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final LeaseProperties lease;
  private final WorkerId me;
  private final Clock clock;

  JobClaims(
      JobRepository jobs,
      AttemptLog attempts,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      LeaseProperties lease,
      WorkerId me,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.lease = lease;
    this.me = me;
    this.clock = clock;
  }

  Claim claim(JobRecord job, JobMessage message, boolean redelivered) {
    return switch (job.status()) {
      case SUCCEEDED, FAILED, CANCELLED -> new Claim.NotClaimed(RunOutcome.DUPLICATE);
      case RUNNING -> claimRunning(job, message, redelivered);
      case RETRY_SCHEDULED ->
          // A copy of an earlier attempt's message must not cut the backoff short: only the
          // message of the scheduled attempt starts it.
          message.attempt() <= job.attempts()
              ? new Claim.NotClaimed(RunOutcome.DUPLICATE)
              : claimWaiting(job);
      case QUEUED -> claimWaiting(job);
    };
  }

  private Claim claimWaiting(JobRecord job) {
    return job.cancelRequested() ? cancelBeforeStart(job) : claimFrom(job, job.status());
  }

  private Claim claimRunning(JobRecord job, JobMessage message, boolean redelivered) {
    Instant now = clock.instant();
    if (job.leaseExpiresAt() != null && job.leaseExpiresAt().isBefore(now)) {
      return takeOver(job);
    }
    if (redelivered && job.leaseExpiresAt() != null) {
      // The broker redelivers when the holder's channel died, often with the holder itself: look
      // again once its lease has run out, so a crashed worker's job is not left running forever.
      transactions.executeWithoutResult(
          status ->
              dispatcher.dispatch(
                  job.id(),
                  job.tenantId(),
                  Math.max(1, job.attempts()),
                  job.priority().wireName(),
                  message.traceparent(),
                  message.requestId(),
                  job.leaseExpiresAt().plusSeconds(1),
                  now));
      log.info(
          "job {} is held by {} until {}; will look again then",
          job.id(),
          job.workerId(),
          job.leaseExpiresAt());
    }
    return new Claim.NotClaimed(RunOutcome.DUPLICATE);
  }

  private Claim takeOver(JobRecord job) {
    Instant now = clock.instant();
    Boolean released =
        transactions.execute(
            status -> {
              boolean moved =
                  jobs.transition(
                      job.id(),
                      JobStatus.RUNNING,
                      JobStatus.QUEUED,
                      JobChanges.none().set("lease_expires_at", null),
                      "lease of " + job.workerId() + " expired",
                      job.workerId());
              if (moved) {
                attempts.finish(
                    job.id(), job.attempts(), AttemptOutcome.ABANDONED, null, "lease expired", now);
              }
              return moved;
            });
    if (!Boolean.TRUE.equals(released)) {
      return new Claim.NotClaimed(RunOutcome.DUPLICATE);
    }
    log.warn("job {}: lease of {} expired, taking it over", job.id(), job.workerId());
    return jobs.find(job.id())
        .map(this::claimWaiting)
        .orElseGet(() -> new Claim.NotClaimed(RunOutcome.DUPLICATE));
  }

  private Claim cancelBeforeStart(JobRecord job) {
    boolean cancelled =
        jobs.transition(
            job.id(),
            job.status(),
            JobStatus.CANCELLED,
            JobChanges.none().set("finished_at", clock.instant()),
            "cancel requested before start");
    return new Claim.NotClaimed(cancelled ? RunOutcome.CANCELLED : RunOutcome.DUPLICATE);
  }

  private Claim claimFrom(JobRecord job, JobStatus from) {
    Instant now = clock.instant();
    JobChanges changes =
        JobChanges.none()
            .increment("attempts")
            .set("worker_id", me.value())
            .set(
                "lease_expires_at",
                now.plus(Duration.ofSeconds(job.timeoutSeconds())).plus(lease.margin()));
    if (job.startedAt() == null) {
      changes.set("started_at", now);
    }
    Optional<JobRecord> claimed =
        transactions.execute(
            status -> {
              if (!jobs.transition(
                  job.id(), from, JobStatus.RUNNING, changes, "claimed by " + me)) {
                return Optional.<JobRecord>empty();
              }
              // Read back: attempts was incremented by the database, not by us.
              JobRecord running = jobs.find(job.id()).orElseThrow();
              attempts.start(job.id(), running.attempts(), me, now);
              return Optional.of(running);
            });
    return claimed
        .<Claim>map(Claim.Claimed::new)
        .orElseGet(() -> new Claim.NotClaimed(RunOutcome.DUPLICATE));
  }
}
