package dev.promptly.worker.attempts;

import dev.promptly.worker.leases.WorkerId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code job_attempts} table: one row per claim of a job, closed with its outcome. */
public class AttemptLog {
  private static final int MAX_MESSAGE = 1000;

  private final JdbcClient jdbc;

  AttemptLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void start(String jobId, int attempt, WorkerId worker, Instant startedAt) {
    jdbc.sql(
            """
            INSERT INTO job_attempts (job_id, attempt, worker_id, started_at)
            VALUES (:jobId, :attempt, :worker, :startedAt)
            """)
        .param("jobId", jobId)
        .param("attempt", attempt)
        .param("worker", worker.value())
        .param("startedAt", utc(startedAt))
        .update();
  }

  /** Removes an attempt that did not count, so its number is used again by the next claim. */
  void forget(String jobId, int attempt) {
    jdbc.sql(
            "DELETE FROM job_attempts WHERE job_id = :jobId AND attempt = :attempt AND NOT replayed")
        .param("jobId", jobId)
        .param("attempt", attempt)
        .update();
  }

  /** Closes an attempt; an attempt already closed keeps its first outcome. */
  public void finish(
      String jobId,
      int attempt,
      AttemptOutcome outcome,
      String errorCode,
      String errorMessage,
      Instant finishedAt) {
    jdbc.sql(
            """
            UPDATE job_attempts
               SET finished_at = :finishedAt, outcome = :outcome,
                   error_code = :errorCode, error_message = :errorMessage
             WHERE job_id = :jobId AND attempt = :attempt AND finished_at IS NULL
            """)
        .param("finishedAt", utc(finishedAt))
        .param("outcome", outcome.wireName())
        .param("errorCode", errorCode, java.sql.Types.VARCHAR)
        .param("errorMessage", truncate(errorMessage), java.sql.Types.VARCHAR)
        .param("jobId", jobId)
        .param("attempt", attempt)
        .update();
  }

  public static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE) + "…";
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
