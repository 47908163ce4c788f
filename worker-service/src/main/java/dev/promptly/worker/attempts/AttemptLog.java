package dev.promptly.worker.attempts;

import dev.promptly.worker.attempts.EndingRows.Finish;
import dev.promptly.worker.leases.WorkerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code job_attempts} table: one row per claim of a job, closed with its outcome. */
public class AttemptLog {
  private static final int MAX_MESSAGE = 1000;

  private static final String FINISH_ALL =
      """
      UPDATE job_attempts a
         SET finished_at = u.finished_at, outcome = u.outcome,
             error_code = u.error_code, error_message = u.error_message
        FROM unnest(?::text[], ?::int4[], ?::text[], ?::text[], ?::text[],
                    ?::text[]::timestamptz[])
             AS u(job_id, attempt, outcome, error_code, error_message, finished_at)
       WHERE a.job_id = u.job_id AND a.attempt = u.attempt AND a.finished_at IS NULL
      """;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  AttemptLog(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
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
    finishAll(List.of(new Finish(jobId, attempt, outcome, errorCode, errorMessage, finishedAt)));
  }

  /**
   * Closes many attempts with one statement, in the caller's transaction; like {@link #finish}, an
   * attempt already closed keeps its first outcome.
   */
  void finishAll(List<Finish> finishes) {
    if (finishes.isEmpty()) {
      return;
    }
    int size = finishes.size();
    String[] jobs = new String[size];
    Integer[] attempts = new Integer[size];
    String[] outcomes = new String[size];
    String[] errorCodes = new String[size];
    String[] errorMessages = new String[size];
    String[] finishedAts = new String[size];
    for (int i = 0; i < size; i++) {
      Finish finish = finishes.get(i);
      jobs[i] = finish.jobId();
      attempts[i] = finish.attempt();
      outcomes[i] = finish.outcome().wireName();
      errorCodes[i] = finish.errorCode();
      errorMessages[i] = truncate(finish.errorMessage());
      finishedAts[i] = finish.at().toString();
    }
    template.execute(
        (Connection connection) -> {
          try (PreparedStatement statement = connection.prepareStatement(FINISH_ALL)) {
            statement.setArray(1, connection.createArrayOf("text", jobs));
            statement.setArray(2, connection.createArrayOf("int4", attempts));
            statement.setArray(3, connection.createArrayOf("text", outcomes));
            statement.setArray(4, connection.createArrayOf("text", errorCodes));
            statement.setArray(5, connection.createArrayOf("text", errorMessages));
            statement.setArray(6, connection.createArrayOf("text", finishedAts));
            return statement.executeUpdate();
          }
        });
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
