package dev.promptly.api.deadletters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code dead_letters} table: a worker adds a row in the transaction that fails a job for good;
 * the admin API lists the rows and marks them replayed when it requeues their job.
 */
@Repository
public class DeadLetterRepository {
  private final JdbcClient jdbc;

  DeadLetterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public record DeadLetterRow(
      long id,
      String jobId,
      String tenantId,
      String errorCode,
      String errorMessage,
      int attempts,
      Instant failedAt,
      Instant replayedAt) {}

  /**
   * Up to {@code limit} rows matching the query, newest first. Ids grow with insertion, which is
   * when the job failed, so the cursor is a plain comparison on the primary key.
   */
  public List<DeadLetterRow> list(DeadLetterQuery query, int limit) {
    List<String> conditions = new ArrayList<>();
    if (!query.includeReplayed()) {
      conditions.add("replayed_at IS NULL");
    }
    if (query.tenantId() != null) {
      conditions.add("tenant_id = :tenantId");
    }
    if (query.after() != null) {
      conditions.add("id < :after");
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    JdbcClient.StatementSpec statement =
        jdbc.sql(
                "SELECT id, job_id, tenant_id, error_code, error_message, attempts, failed_at,"
                    + " replayed_at FROM dead_letters"
                    + where
                    + " ORDER BY id DESC LIMIT :limit")
            .param("limit", limit);
    if (query.tenantId() != null) {
      statement = statement.param("tenantId", query.tenantId());
    }
    if (query.after() != null) {
      statement = statement.param("after", query.after());
    }
    return statement.query(DeadLetterRepository::map).list();
  }

  /**
   * Marks the job's dead letters that are not replayed yet as replayed; call in the transaction
   * that requeues the job.
   */
  int markReplayed(String jobId, Instant now) {
    return jdbc.sql(
            "UPDATE dead_letters SET replayed_at = :now WHERE job_id = :jobId AND replayed_at IS NULL")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("jobId", jobId)
        .update();
  }

  private static DeadLetterRow map(ResultSet rs, int row) throws SQLException {
    return new DeadLetterRow(
        rs.getLong("id"),
        rs.getString("job_id"),
        rs.getString("tenant_id"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        rs.getInt("attempts"),
        instant(rs, "failed_at"),
        instant(rs, "replayed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
