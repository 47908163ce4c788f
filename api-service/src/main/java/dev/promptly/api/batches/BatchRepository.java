package dev.promptly.api.batches;

import dev.promptly.api.idempotency.IdempotencyKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code batches} table as the API writes it: creating a batch and marking it cancelled. Reads
 * (with counts) go through {@link dev.promptly.batches.BatchReads}; completion is {@link
 * dev.promptly.batches.BatchCompletions}'.
 */
@Repository
class BatchRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  BatchRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A batch to insert. */
  record NewBatch(
      String id,
      String tenantId,
      int total,
      String webhookUrl,
      Map<String, String> metadata,
      String completionWindow,
      IdempotencyKey key,
      String requestHash,
      String requestId,
      Instant createdAt) {}

  /** The batch an idempotency key created, with the fingerprint of its request. */
  record KeyedBatch(String id, String requestHash) {}

  /**
   * Inserts the batch, unless its idempotency key was taken (the insert then waits for a concurrent
   * insert of the same key to commit and skips).
   *
   * @return false when the key was already taken
   */
  boolean insert(NewBatch batch) {
    return jdbc.sql(
                """
                INSERT INTO batches (id, tenant_id, status, total, webhook_url, metadata,
                                     completion_window, idempotency_key, request_hash,
                                     request_id, created_at)
                VALUES (:id, :tenant, 'running', :total, :url, :metadata::jsonb, :window, :key,
                        :hash, :requestId, :at)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
                """)
            .param("id", batch.id())
            .param("tenant", batch.tenantId())
            .param("total", batch.total())
            .param("url", batch.webhookUrl())
            .param("metadata", JSON.writeValueAsString(batch.metadata()))
            .param("window", batch.completionWindow())
            .param("key", batch.key() == null ? null : batch.key().value())
            .param("hash", batch.requestHash())
            .param("requestId", batch.requestId())
            .param("at", batch.createdAt().atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  Optional<KeyedBatch> findByIdempotencyKey(String tenantId, IdempotencyKey key) {
    return jdbc.sql(
            "SELECT id, request_hash FROM batches WHERE tenant_id = :tenant"
                + " AND idempotency_key = :key")
        .param("tenant", tenantId)
        .param("key", key.value())
        .query((rs, row) -> new KeyedBatch(rs.getString("id"), rs.getString("request_hash")))
        .optional();
  }

  /**
   * Marks a running batch cancelled.
   *
   * @return false when the batch is not running (completed, or cancelled already)
   */
  boolean markCancelled(String id, Instant now) {
    return jdbc.sql(
                "UPDATE batches SET status = 'cancelled', cancelled_at = :now"
                    + " WHERE id = :id AND status = 'running'")
            .param("id", id)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }
}
