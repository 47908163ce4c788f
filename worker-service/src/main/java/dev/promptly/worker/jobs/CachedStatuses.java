package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies a job's committed state to the Redis status cache. */
class CachedStatuses {
  private static final Logger log = LoggerFactory.getLogger(CachedStatuses.class);

  private final JobRepository jobs;
  private final JobStatusCache cache;

  CachedStatuses(JobRepository jobs, JobStatusCache cache) {
    this.jobs = jobs;
    this.cache = cache;
  }

  /** Caches a job state read in a transaction that has committed since. */
  void put(JobRecord committed) {
    try {
      cache.put(committed);
    } catch (RuntimeException e) {
      forget(committed.id(), e);
    }
  }

  /** Call after the change is committed. */
  void refresh(String jobId) {
    Optional<JobRecord> committed;
    try {
      committed = jobs.find(jobId);
    } catch (RuntimeException e) {
      forget(jobId, e);
      return;
    }
    committed.ifPresent(this::put);
  }

  // The cache is an accelerator: a reader that misses it goes to Postgres.
  private void forget(String jobId, RuntimeException e) {
    log.warn("could not refresh the status cache of job {}: {}", jobId, e.getMessage());
    cache.evict(jobId);
  }
}
