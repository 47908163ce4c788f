package dev.promptly.batches;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads batches with their counts and usage, summed from their jobs by {@code
 * jobs_batch_id_status_idx} at every read: nothing is counted as it happens, so nothing can drift.
 */
public class BatchReads {
  private static final String SELECT =
      """
      SELECT b.id, b.tenant_id, b.status, b.webhook_url, b.metadata::text AS metadata,
             b.completion_window, b.created_at, b.completed_at, b.total, c.*
        FROM batches b
       CROSS JOIN LATERAL (
             SELECT count(*) FILTER (WHERE j.status = 'queued') AS queued,
                    count(*) FILTER (WHERE j.status = 'running') AS running,
                    count(*) FILTER (WHERE j.status = 'retry_scheduled') AS retry_scheduled,
                    count(*) FILTER (WHERE j.status = 'succeeded') AS succeeded,
                    count(*) FILTER (WHERE j.status = 'failed') AS failed,
                    count(*) FILTER (WHERE j.status = 'cancelled') AS cancelled,
                    coalesce(sum(j.prompt_tokens), 0) AS prompt_tokens,
                    coalesce(sum(j.completion_tokens), 0) AS completion_tokens,
                    coalesce(sum(j.cost_micros), 0) AS cost_micros
               FROM jobs j WHERE j.batch_id = b.id) c
      """;

  private final JdbcClient jdbc;

  public BatchReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The batch with this id, of any tenant. */
  public Optional<BatchRecord> find(String id) {
    return jdbc.sql(SELECT + " WHERE b.id = :id").param("id", id).query(BatchReads::map).optional();
  }

  /** One page of a tenant's batches, newest first, starting after the batch {@code after}. */
  public List<BatchRecord> list(String tenantId, String after, int limit) {
    return jdbc.sql(
            SELECT
                + " WHERE b.tenant_id = :tenant"
                + (after == null ? "" : " AND b.id < :after")
                + " ORDER BY b.id DESC LIMIT :limit")
        .param("tenant", tenantId)
        .param("after", after == null ? "" : after)
        .param("limit", limit)
        .query(BatchReads::map)
        .list();
  }

  private static BatchRecord map(ResultSet rs, int row) throws SQLException {
    return new BatchRecord(
        rs.getString("id"),
        rs.getString("tenant_id"),
        rs.getString("status"),
        rs.getString("webhook_url"),
        rs.getString("metadata"),
        rs.getString("completion_window"),
        instant(rs, "created_at"),
        instant(rs, "completed_at"),
        new BatchRecord.Counts(
            rs.getInt("total"),
            rs.getInt("queued"),
            rs.getInt("running"),
            rs.getInt("retry_scheduled"),
            rs.getInt("succeeded"),
            rs.getInt("failed"),
            rs.getInt("cancelled")),
        new BatchRecord.Usage(
            rs.getLong("prompt_tokens"),
            rs.getLong("completion_tokens"),
            rs.getLong("cost_micros")));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
