package dev.promptly.api.jobs;

import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a tenant's job: Redis first, Postgres on a miss (refreshing Redis). Another tenant's job is
 * reported exactly like a missing one.
 */
@Component
class JobLookup {
  private final JobStatusCache cache;
  private final JobRepository jobs;
  private final JobsProperties properties;
  private final Clock clock;

  JobLookup(JobStatusCache cache, JobRepository jobs, JobsProperties properties, Clock clock) {
    this.cache = cache;
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @throws ApiException 404 when the job does not exist or belongs to another tenant
   */
  JobRecord require(String tenantId, String jobId) {
    return find(tenantId, jobId).orElseThrow(() -> notFound(jobId));
  }

  /**
   * The job once it is terminal or {@code wait} has passed, whichever comes first. The request
   * holds a virtual thread while it waits, which costs little.
   */
  JobRecord await(String tenantId, String jobId, Duration wait) throws InterruptedException {
    long deadline = clock.millis() + wait.toMillis();
    JobRecord job = require(tenantId, jobId);
    while (!job.status().isTerminal()) {
      long remaining = deadline - clock.millis();
      if (remaining <= 0) {
        break;
      }
      Thread.sleep(Math.min(remaining, properties.waitPollInterval().toMillis()));
      job = require(tenantId, jobId);
    }
    return job;
  }

  /** Reads Postgres, skipping the cache; for callers that just changed the job. */
  JobRecord refresh(String jobId) {
    JobRecord job = jobs.find(jobId).orElseThrow(() -> notFound(jobId));
    cache.put(job);
    return job;
  }

  private Optional<JobRecord> find(String tenantId, String jobId) {
    if (!JobIds.isWellFormed(jobId)) {
      return Optional.empty();
    }
    Optional<JobRecord> cached = cache.get(jobId).filter(job -> job.isOwnedBy(tenantId));
    if (cached.isPresent()) {
      return cached;
    }
    Optional<JobRecord> stored = jobs.find(jobId).filter(job -> job.isOwnedBy(tenantId));
    stored.ifPresent(cache::put);
    return stored;
  }

  static ApiException notFound(String jobId) {
    return ApiException.notFound("No job with id '" + jobId + "'.");
  }
}
