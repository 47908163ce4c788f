package dev.promptly.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a benchmark tenant's jobs straight from Postgres: a job's timestamps are the truth of when
 * it was stored, started and finished, and reading them costs the API nothing while it is measured.
 * One connection is kept for all reads (a poll every 250 ms must not open one each time on a server
 * whose connection slots are shared) and opened again after a failure.
 */
final class JobTimings implements AutoCloseable {
  /** How far a tenant's jobs have got. */
  record Progress(int total, int running, int terminal) {}

  private final String url;
  private final String user;
  private final String password;
  private Connection connection;

  JobTimings(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  Progress progress(String tenantId) {
    String sql =
        """
        SELECT count(*),
               count(*) FILTER (WHERE status = 'running'),
               count(*) FILTER (WHERE status IN ('succeeded', 'failed', 'cancelled'))
          FROM jobs WHERE tenant_id = ?
        """;
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      statement.setString(1, tenantId);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return new Progress(row.getInt(1), row.getInt(2), row.getInt(3));
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("cannot read job progress: " + e.getMessage(), e);
    }
  }

  List<JobTiming> fetch(String tenantId) {
    String sql =
        """
        SELECT j.id, j.status, j.attempts, j.created_at, j.started_at, j.finished_at,
               (SELECT sum(u.duration_ms) FROM usage_ledger u WHERE u.job_id = j.id)
          FROM jobs j WHERE j.tenant_id = ?
        """;
    List<JobTiming> timings = new ArrayList<>();
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      statement.setString(1, tenantId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          double model = row.getDouble(7);
          timings.add(
              new JobTiming(
                  row.getString(1),
                  row.getString(2),
                  row.getInt(3),
                  instant(row, 4),
                  instant(row, 5),
                  instant(row, 6),
                  row.wasNull() ? null : model));
        }
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("cannot read job timings: " + e.getMessage(), e);
    }
    return timings;
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private synchronized Connection connection() throws SQLException {
    if (connection == null) {
      connection = DriverManager.getConnection(url, user, password);
    }
    return connection;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Already broken: nothing left to release.
      }
      connection = null;
    }
  }
}
