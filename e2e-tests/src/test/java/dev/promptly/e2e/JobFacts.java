package dev.promptly.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** What Postgres, the source of truth, says about a set of jobs. */
final class JobFacts {
  static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  private JobFacts() {}

  /** One job and the counts that reveal a lost or doubled effect. */
  record JobRow(
      String id,
      String status,
      int attempts,
      int maxAttempts,
      String errorCode,
      int terminalEvents,
      int succeededEvents,
      int billedCalls,
      int attemptRows,
      int attemptsAfterSuccess) {

    boolean isTerminal() {
      return TERMINAL.contains(status);
    }

    /** A second result, a second terminal state, or a model call after the job had succeeded. */
    boolean isDuplicated() {
      return terminalEvents > 1
          || succeededEvents > 1
          || billedCalls > 1
          || attemptsAfterSuccess > 0;
    }
  }

  /** One attempt of a job, as the worker that made it recorded it. */
  record AttemptRow(
      String jobId,
      int attempt,
      String workerId,
      Instant startedAt,
      Instant finishedAt,
      String outcome,
      String errorCode) {}

  static List<JobRow> jobs(Connection db, Collection<String> ids) throws SQLException {
    String sql =
        """
        SELECT j.id, j.status, j.attempts, j.max_attempts, j.error_code,
          (SELECT count(*) FROM job_events e
            WHERE e.job_id = j.id AND e.to_status IN ('succeeded', 'failed', 'cancelled')),
          (SELECT count(*) FROM job_events e WHERE e.job_id = j.id AND e.to_status = 'succeeded'),
          (SELECT count(*) FROM usage_ledger u WHERE u.job_id = j.id AND NOT u.cached),
          (SELECT count(*) FROM job_attempts a WHERE a.job_id = j.id),
          (SELECT count(*) FROM job_attempts a WHERE a.job_id = j.id AND a.attempt >
            (SELECT min(s.attempt) FROM job_attempts s
              WHERE s.job_id = j.id AND s.outcome = 'succeeded'))
        FROM jobs j WHERE j.id = ANY (?)
        """;
    List<JobRow> rows = new ArrayList<>();
    try (PreparedStatement statement = withIds(db, sql, ids);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new JobRow(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getInt(7),
                rs.getInt(8),
                rs.getInt(9),
                rs.getInt(10)));
      }
    }
    return rows;
  }

  static List<AttemptRow> attempts(Connection db, Collection<String> ids) throws SQLException {
    String sql =
        """
        SELECT job_id, attempt, worker_id, started_at, finished_at, outcome, error_code
        FROM job_attempts WHERE job_id = ANY (?) ORDER BY job_id, attempt
        """;
    List<AttemptRow> rows = new ArrayList<>();
    try (PreparedStatement statement = withIds(db, sql, ids);
        ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new AttemptRow(
                rs.getString(1),
                rs.getInt(2),
                rs.getString(3),
                instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)),
                rs.getString(6),
                rs.getString(7)));
      }
    }
    return rows;
  }

  /** How many of the jobs are terminal. */
  static int terminal(Connection db, Collection<String> ids) throws SQLException {
    return count(
        db,
        "SELECT count(*) FROM jobs WHERE id = ANY (?)"
            + " AND status IN ('succeeded', 'failed', 'cancelled')",
        ids);
  }

  /** How many of the jobs run right now, on any worker. */
  static int running(Connection db, Collection<String> ids) throws SQLException {
    return count(db, "SELECT count(*) FROM jobs WHERE id = ANY (?) AND status = 'running'", ids);
  }

  /** The jobs running right now on the worker process {@code pid} (worker ids hold the pid). */
  static List<String> runningOn(Connection db, Collection<String> ids, long pid)
      throws SQLException {
    String sql =
        "SELECT id FROM jobs WHERE id = ANY (?) AND status = 'running' AND worker_id LIKE ?";
    List<String> running = new ArrayList<>();
    try (PreparedStatement statement = withIds(db, sql, ids)) {
      statement.setString(2, "%-" + pid + "-%");
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          running.add(rs.getString(1));
        }
      }
    }
    return running;
  }

  private static int count(Connection db, String sql, Collection<String> ids) throws SQLException {
    try (PreparedStatement statement = withIds(db, sql, ids);
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static PreparedStatement withIds(Connection db, String sql, Collection<String> ids)
      throws SQLException {
    PreparedStatement statement = db.prepareStatement(sql);
    statement.setArray(1, db.createArrayOf("text", ids.toArray()));
    return statement;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
