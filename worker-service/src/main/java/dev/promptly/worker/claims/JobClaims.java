package dev.promptly.worker.claims;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.caps.TenantSlotGate;
import dev.promptly.worker.leases.LeaseProperties;
import dev.promptly.worker.leases.WorkerId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Claims a message's job for this worker: a compare-and-set from queued (or retry_scheduled) to
 * running in one statement, so that of two messages for one job only one reaches the model; and
 * settles the messages that cannot claim theirs.
 */
class JobClaims {
  private final JobRepository jobs;
  private final TenantSlotGate gate;
  private final LeaseProperties lease;
  private final WorkerId me;
  private final JobMetrics metrics;
  private final Clock clock;

  JobClaims(
      JobRepository jobs,
      TenantSlotGate gate,
      LeaseProperties lease,
      WorkerId me,
      JobMetrics metrics,
      Clock clock) {
    this.jobs = jobs;
    this.gate = gate;
    this.lease = lease;
    this.me = me;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Claims the message's job in one statement, without reading it first; empty if the job is not
   * waiting for this message (see {@link #settleUnclaimed}).
   */
  Optional<JobRecord> claim(JobMessage message) {
    Instant now = clock.instant();
    Optional<JobRepository.Claim> claim =
        gate.claim(message, me.value(), now.plus(lease.duration()), "claimed by " + me);
    claim.ifPresent(metrics::claimed);
    return claim.map(JobRepository.Claim::running);
  }

  /** Settles a message whose job could not be claimed: it was read to find out why. */
  RunOutcome settleUnclaimed(JobMessage message) {
    return jobs.find(message.jobId())
        .map(job -> settle(job, message))
        .orElse(RunOutcome.UNKNOWN_JOB);
  }

  /** Whether {@code message} may start {@code job} now, as {@link #claim} decides it. */
  static boolean mayStart(JobRecord job, JobMessage message) {
    return isWaitingFor(job, message) && !job.cancelRequested();
  }

  /**
   * Settles a message that did not start its job: a job finished, running elsewhere or in its
   * backoff makes it a duplicate; a waiting job with a cancel requested is cancelled here; a job
   * still waiting for this message was parked by its tenant's cap, and waits for a slot.
   */
  RunOutcome settle(JobRecord job, JobMessage message) {
    // A running job's holder keeps its lease alive; if the holder died, the reaper hands the job
    // back once the lease runs out. Either way this copy has nothing to do.
    if (!isWaitingFor(job, message)) {
      return RunOutcome.DUPLICATE;
    }
    return job.cancelRequested() ? cancelBeforeStart(job) : RunOutcome.DELAYED;
  }

  /** A job this worker claimed ended, and its ending committed. */
  void ended(JobRecord job) {
    gate.ended(job.tenantId());
  }

  // A copy of an earlier attempt's message must not cut a backoff short: only the message of the
  // scheduled attempt starts a retry_scheduled job.
  private static boolean isWaitingFor(JobRecord job, JobMessage message) {
    return job.status() == JobStatus.QUEUED
        || (job.status() == JobStatus.RETRY_SCHEDULED && message.attempt() > job.attempts());
  }

  private RunOutcome cancelBeforeStart(JobRecord job) {
    boolean cancelled =
        jobs.transition(
            job.id(),
            job.status(),
            JobStatus.CANCELLED,
            JobChanges.none().set("finished_at", clock.instant()),
            "cancel requested before start");
    if (cancelled) {
      metrics.finished(job, JobStatus.CANCELLED, clock.instant());
    }
    return cancelled ? RunOutcome.CANCELLED : RunOutcome.DUPLICATE;
  }
}
