package dev.promptly.api.jobs;

import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRows;
import dev.promptly.model.JobInputCodec;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code jobs} table as the API uses it: creating jobs, finding them by idempotency key,
 * listing a tenant's jobs and flagging running ones for cancellation. Status changes go through
 * {@link dev.promptly.jobstore.JobRepository#transition} instead.
 */
@Repository
class TenantJobRepository {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  TenantJobRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The job an idempotency key created, with the fingerprint of the request that created it. */
  record KeyedJob(JobRecord job, String requestHash) {}

  /**
   * Inserts a queued job and its first event. With an idempotency key the insert yields to an
   * existing job with that key: it waits for a concurrent insert of the same key to commit, then
   * does nothing, so exactly one job exists per key.
   *
   * @return the new job, or empty when the key was taken
   */
  Optional<JobRecord> insert(
      String id,
      String tenantId,
      JobSubmission job,
      IdempotencyKey key,
      String requestHash,
      String requestId,
      Instant now) {
    Optional<JobRecord> inserted =
        jdbc.sql(
                """
                INSERT INTO jobs (id, tenant_id, kind, status, model_alias, model, priority, cache_mode, input,
                                  metadata, webhook_url, max_attempts, attempts, timeout_seconds,
                                  idempotency_key, request_hash, request_id, created_at, updated_at)
                VALUES (:id, :tenantId, :kind, 'queued', :modelAlias, :model, :priority,
                        :cacheMode, :input::jsonb, :metadata::jsonb, :webhookUrl, :maxAttempts, 0,
                        :timeoutSeconds, :idempotencyKey, :requestHash, :requestId, :now, :now)
                ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
                RETURNING\s\
                """
                    + JobRows.COLUMNS)
            .param("id", id)
            .param("tenantId", tenantId)
            .param("kind", job.input().kind().wireName())
            .param("modelAlias", job.model().alias())
            .param("model", job.model().model())
            .param("priority", job.priority().wireName())
            .param("cacheMode", job.cache().wireName())
            .param("input", JobInputCodec.encode(job.input()))
            .param("metadata", JSON.writeValueAsString(job.metadata()))
            .param("webhookUrl", job.webhookUrl())
            .param("maxAttempts", job.maxAttempts())
            .param("timeoutSeconds", job.timeoutSeconds())
            .param("idempotencyKey", key == null ? null : key.value())
            .param("requestHash", requestHash)
            .param("requestId", requestId)
            .param("now", utc(now))
            .query(JobRows::map)
            .optional();
    inserted.ifPresent(created -> recordSubmission(created.id(), now));
    return inserted;
  }

  Optional<KeyedJob> findByIdempotencyKey(String tenantId, IdempotencyKey key) {
    return jdbc.sql(
            "SELECT request_hash, "
                + JobRows.COLUMNS
                + " FROM jobs WHERE tenant_id = :tenantId AND idempotency_key = :key")
        .param("tenantId", tenantId)
        .param("key", key.value())
        .query((rs, row) -> new KeyedJob(JobRows.map(rs, row), rs.getString("request_hash")))
        .optional();
  }

  /**
   * One page of a tenant's jobs, newest first, starting after the job {@code after}. Ids sort by
   * creation time, so the cursor is a plain comparison on the primary key index.
   */
  List<JobRecord> list(String tenantId, JobStatus status, JobKind kind, String after, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + JobRows.COLUMNS + " FROM jobs WHERE tenant_id = :tenantId");
    if (status != null) {
      sql.append(" AND status = :status");
    }
    if (kind != null) {
      sql.append(" AND kind = :kind");
    }
    if (after != null) {
      sql.append(" AND id < :after");
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString()).param("tenantId", tenantId).param("limit", limit);
    if (status != null) {
      statement = statement.param("status", status.wireName());
    }
    if (kind != null) {
      statement = statement.param("kind", kind.wireName());
    }
    if (after != null) {
      statement = statement.param("after", after);
    }
    return statement.query(JobRows::map).list();
  }

  /**
   * Asks the worker running a job to stop. Not a status change: the worker moves the job to
   * cancelled when it sees the flag.
   *
   * @return false when the job is no longer running
   */
  boolean requestCancel(String id, Instant now) {
    return jdbc.sql(
                """
                UPDATE jobs SET cancel_requested = true, updated_at = :now
                 WHERE id = :id AND status = 'running'
                """)
            .param("id", id)
            .param("now", utc(now))
            .update()
        == 1;
  }

  private void recordSubmission(String jobId, Instant now) {
    jdbc.sql(
            """
            INSERT INTO job_events (job_id, from_status, to_status, detail, occurred_at)
            VALUES (:jobId, NULL, 'queued', 'submitted', :now)
            """)
        .param("jobId", jobId)
        .param("now", utc(now))
        .update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
