package dev.promptly.jobstore;

import dev.promptly.model.CacheMode;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.model.WaitingFor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The column list and row mapper of {@link JobRecord}, so every reader of the {@code jobs} table
 * (the repository, the API's listing and INSERT ... RETURNING) maps rows the same way.
 */
public final class JobRows {
  /** The select list that {@link #map} reads; JSON columns are selected as text. */
  public static final String COLUMNS =
      """
      id, tenant_id, kind, status, model_alias, model, priority, cache_mode, input::text AS input,
      metadata::text AS metadata, webhook_url, max_attempts, attempts, timeout_seconds,
      result::text AS result, error_code, error_message, prompt_tokens, completion_tokens,
      cost_micros, cached, cancel_requested, worker_id, lease_expires_at, request_id,
      created_at, updated_at, started_at, finished_at, waiting_for, on_budget_exhausted, batch_id,
      custom_id, route
      """;

  private JobRows() {}

  /** Maps a row selected with {@link #COLUMNS}. */
  public static JobRecord map(ResultSet rs, int row) throws SQLException {
    return new JobRecord(
        rs.getString("id"),
        rs.getString("tenant_id"),
        JobKind.fromWireName(rs.getString("kind")),
        JobStatus.fromWireName(rs.getString("status")),
        rs.getString("model_alias"),
        rs.getString("model"),
        Priority.fromWireName(rs.getString("priority")),
        CacheMode.fromWireName(rs.getString("cache_mode")),
        rs.getString("input"),
        rs.getString("metadata"),
        rs.getString("webhook_url"),
        rs.getInt("max_attempts"),
        rs.getInt("attempts"),
        rs.getInt("timeout_seconds"),
        rs.getString("result"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        rs.getInt("prompt_tokens"),
        rs.getInt("completion_tokens"),
        rs.getLong("cost_micros"),
        rs.getBoolean("cached"),
        rs.getBoolean("cancel_requested"),
        rs.getString("worker_id"),
        instant(rs, "lease_expires_at"),
        rs.getString("request_id"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        waitingFor(rs.getString("waiting_for")),
        OnBudgetExhausted.fromWireName(rs.getString("on_budget_exhausted")),
        rs.getString("batch_id"),
        rs.getString("custom_id"),
        rs.getString("route"));
  }

  /** Parses the {@code waiting_for} column; null when nothing holds the job back. */
  public static WaitingFor waitingFor(String wireName) {
    return wireName == null ? null : WaitingFor.fromWireName(wireName);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    // Read as OffsetDateTime: the driver then never applies the JVM's default zone.
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
