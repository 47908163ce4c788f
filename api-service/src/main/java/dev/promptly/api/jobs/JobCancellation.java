package dev.promptly.api.jobs;

import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Cancels jobs: one that waits is cancelled at once; a running one is flagged and its worker stops
 * it. Each step is a compare-and-set, so a race with a worker is retried from a fresh read.
 */
@Service
public class JobCancellation {
  private static final int MAX_RACES = 5;

  private final JobRepository jobs;
  private final TenantJobRepository tenantJobs;
  private final JobLookup lookup;
  private final JobMetrics metrics;
  private final Clock clock;

  JobCancellation(
      JobRepository jobs,
      TenantJobRepository tenantJobs,
      JobLookup lookup,
      JobMetrics metrics,
      Clock clock) {
    this.jobs = jobs;
    this.tenantJobs = tenantJobs;
    this.lookup = lookup;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @throws ApiException 404 for an unknown job, 409 {@code job_finished} for a terminal one
   */
  public JobRecord cancel(String tenantId, String jobId) {
    for (int race = 0; race < MAX_RACES; race++) {
      // Read Postgres, not the cache: the compare-and-set below needs the current status.
      JobRecord job = jobs.find(jobId).filter(found -> found.isOwnedBy(tenantId)).orElse(null);
      if (job == null) {
        throw JobLookup.notFound(jobId);
      }
      if (tryCancel(job)) {
        return lookup.refresh(jobId);
      }
    }
    throw new ApiException(
        HttpStatus.CONFLICT, "conflict", "The job kept changing; try cancelling again.");
  }

  private boolean tryCancel(JobRecord job) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return switch (job.status()) {
      case QUEUED, RETRY_SCHEDULED -> cancelWaiting(job, now);
      case RUNNING -> tenantJobs.requestCancel(job.id(), now);
      case SUCCEEDED, FAILED, CANCELLED ->
          throw ApiException.conflict(
              "job_finished", "The job is already " + job.status().wireName() + ".");
    };
  }

  // A running job is counted by its worker, which ends it.
  private boolean cancelWaiting(JobRecord job, Instant now) {
    boolean cancelled =
        jobs.transition(
            job.id(),
            job.status(),
            JobStatus.CANCELLED,
            JobChanges.none().set("finished_at", now),
            "cancelled by client");
    if (cancelled) {
      metrics.finished(job, JobStatus.CANCELLED, now);
    }
    return cancelled;
  }
}
