package dev.promptly.api.dashboard;

import dev.promptly.api.jobs.JobPages;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job rows the dashboard lists and the history of one job, read from the tables the API reads.
 * A null tenant means every tenant: only the admin key's pages pass one.
 */
@Repository
class JobReads {
  private final JdbcClient jdbc;

  JobReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One attempt of a job: when it ran and how it ended. */
  record Attempt(
      int attempt,
      String workerId,
      Instant startedAt,
      Instant finishedAt,
      String outcome,
      String errorCode,
      String errorMessage) {
    public Long durationMillis() {
      return finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
  }

  /** One status change of a job. */
  record Transition(String fromStatus, String toStatus, String detail, Instant occurredAt) {}

  /** Newest first, after the job {@code after}, as {@code GET /v1/jobs} pages. */
  List<JobRecord> list(String tenantId, JobStatus status, JobKind kind, String after, int limit) {
    return JobPages.list(jdbc, tenantId, status, kind, after, limit);
  }

  List<Attempt> attempts(String jobId) {
    return jdbc.sql(
            """
            SELECT attempt, worker_id, started_at, finished_at, outcome, error_code, error_message
              FROM job_attempts WHERE job_id = :job ORDER BY id
            """)
        .param("job", jobId)
        .query(
            (rs, row) ->
                new Attempt(
                    rs.getInt("attempt"),
                    rs.getString("worker_id"),
                    instant(rs.getObject("started_at", OffsetDateTime.class)),
                    instant(rs.getObject("finished_at", OffsetDateTime.class)),
                    rs.getString("outcome"),
                    rs.getString("error_code"),
                    rs.getString("error_message")))
        .list();
  }

  List<Transition> transitions(String jobId) {
    return jdbc.sql(
            """
            SELECT from_status, to_status, detail, occurred_at
              FROM job_events WHERE job_id = :job ORDER BY id
            """)
        .param("job", jobId)
        .query(
            (rs, row) ->
                new Transition(
                    rs.getString("from_status"),
                    rs.getString("to_status"),
                    rs.getString("detail"),
                    instant(rs.getObject("occurred_at", OffsetDateTime.class))))
        .list();
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
