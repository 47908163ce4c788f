package dev.promptly.api.deadletters;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Fails queued jobs for good the way a worker does: the failed transition and its dead letter. */
public final class FailedJobs {
  public static final String ERROR_MESSAGE = "the provider said no";

  private final JobRepository jobs;
  private final JdbcClient jdbc;

  public FailedJobs(JobRepository jobs, JdbcClient jdbc) {
    this.jobs = jobs;
    this.jdbc = jdbc;
  }

  /** Runs the queued job once and fails it with {@code errorCode}; returns its id. */
  public String fail(String queuedJobId, String errorCode) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    jobs.transition(
        queuedJobId,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().increment("attempts").set("worker_id", "worker-1").set("started_at", now),
        "claimed by test worker");
    jobs.transition(
        queuedJobId,
        JobStatus.RUNNING,
        JobStatus.FAILED,
        JobChanges.none()
            .set("error_code", errorCode)
            .set("error_message", ERROR_MESSAGE)
            .set("finished_at", now)
            .set("lease_expires_at", null),
        "failed by test worker");
    jdbc.sql(
            """
            INSERT INTO dead_letters (job_id, tenant_id, error_code, error_message, attempts,
                                      failed_at)
            SELECT id, tenant_id, error_code, error_message, attempts, finished_at
              FROM jobs WHERE id = :id
            """)
        .param("id", queuedJobId)
        .update();
    return queuedJobId;
  }
}
