package dev.promptly.api.jobs;

import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRows;
import dev.promptly.model.JobInputCodec;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
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

  /** The element types of the arrays of {@link #INSERT_JOBS}, in parameter order. */
  private static final String[] INSERT_ARRAY_TYPES = {
    "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "int4", "int4",
    "text", "text", "text", "text", "text", "text", "text", "text", "text", "text"
  };

  private static final String INSERT_JOBS =
      """
      INSERT INTO jobs (id, tenant_id, kind, status, model_alias, model, priority, cache_mode,
                        input, metadata, webhook_url, max_attempts, attempts, timeout_seconds,
                        idempotency_key, request_hash, request_id, created_at, updated_at,
                        on_budget_exhausted, waiting_for, traceparent, route, completion_window,
                        deadline_at)
      SELECT u.id, u.tenant_id, u.kind, 'queued', u.model_alias, u.model, u.priority, u.cache_mode,
             u.input::jsonb, u.metadata::jsonb, u.webhook_url, u.max_attempts, 0,
             u.timeout_seconds, u.idempotency_key, u.request_hash, u.request_id,
             u.submitted_at::timestamptz, u.submitted_at::timestamptz, u.on_budget_exhausted,
             u.waiting_for, u.traceparent, u.route, u.completion_window,
             u.deadline_at::timestamptz
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[])
          AS u(id, tenant_id, kind, model_alias, model, priority, cache_mode, input, metadata,
               webhook_url, max_attempts, timeout_seconds, idempotency_key, request_hash,
               request_id, submitted_at, on_budget_exhausted, waiting_for, traceparent, route,
               completion_window, deadline_at)
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
      RETURNING\s\
      """
          + JobRows.COLUMNS;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;

  TenantJobRepository(JdbcClient jdbc, JdbcTemplate template) {
    this.jdbc = jdbc;
    this.template = template;
  }

  /** The job an idempotency key created, with the fingerprint of the request that created it. */
  record KeyedJob(JobRecord job, String requestHash) {}

  /**
   * A job to insert: its id, tenant and request, when it was submitted, and the trace it was
   * submitted under (null for none), which its messages carry.
   */
  public record NewJob(
      String id,
      String tenantId,
      JobSubmission job,
      IdempotencyKey key,
      String requestHash,
      String requestId,
      Instant submittedAt,
      String traceparent) {}

  /**
   * Inserts queued jobs and their first events with one statement each. A job with an idempotency
   * key yields to an existing job of its tenant with that key: the insert waits for a concurrent
   * insert of the same key to commit, then skips the job, so exactly one job exists per key. The
   * caller keeps two jobs of one group from naming the same key.
   *
   * @param parked the ids of the jobs to insert waiting for room in their tenant's window ({@code
   *     waiting_for: tenant_concurrency}) rather than ready for a dispatch; a job with completion
   *     window 24h is written waiting for a provider batch ({@code waiting_for: provider_batch},
   *     route {@code provider_batch}, its deadline 24 h after its submission) and is never parked
   * @return the jobs inserted, by id; a job whose key was taken is missing
   */
  Map<String, JobRecord> insertAll(List<NewJob> jobs, Set<String> parked) {
    if (jobs.isEmpty()) {
      return Map.of();
    }
    int size = jobs.size();
    Object[][] columns = new Object[INSERT_ARRAY_TYPES.length][size];
    for (int i = 0; i < size; i++) {
      NewJob row = jobs.get(i);
      JobSubmission job = row.job();
      String submittedAt = row.submittedAt().toString();
      Object[] values = {
        row.id(),
        row.tenantId(),
        job.input().kind().wireName(),
        job.model().alias(),
        job.model().model(),
        job.priority().wireName(),
        job.cache().wireName(),
        JobInputCodec.encode(job.input()),
        JSON.writeValueAsString(job.metadata()),
        job.webhookUrl(),
        job.maxAttempts(),
        job.timeoutSeconds(),
        row.key() == null ? null : row.key().value(),
        row.requestHash(),
        row.requestId(),
        submittedAt,
        job.onBudgetExhausted().wireName(),
        waitingFor(job, parked.contains(row.id())),
        row.traceparent(),
        job.isProviderBatch() ? JobRecord.PROVIDER_BATCH : JobRecord.LIVE,
        job.completionWindow(),
        deadline(job, row.submittedAt())
      };
      for (int c = 0; c < values.length; c++) {
        columns[c][i] = values[c];
      }
    }
    Map<String, JobRecord> inserted = new HashMap<>();
    template.execute(
        (Connection connection) -> {
          try (PreparedStatement statement = connection.prepareStatement(INSERT_JOBS)) {
            for (int c = 0; c < columns.length; c++) {
              statement.setArray(
                  c + 1, connection.createArrayOf(INSERT_ARRAY_TYPES[c], columns[c]));
            }
            try (ResultSet rs = statement.executeQuery()) {
              int row = 0;
              while (rs.next()) {
                JobRecord job = JobRows.map(rs, row++);
                inserted.put(job.id(), job);
              }
            }
          }
          if (!inserted.isEmpty()) {
            recordSubmissions(connection, inserted.values());
          }
          return null;
        });
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

  /** One page of a tenant's jobs, newest first, starting after the job {@code after}. */
  List<JobRecord> list(
      String tenantId, JobStatus status, JobKind kind, String batchId, String after, int limit) {
    return JobPages.list(
        jdbc, Objects.requireNonNull(tenantId), status, kind, batchId, after, limit);
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

  private static void recordSubmissions(Connection connection, Collection<JobRecord> jobs)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            """
            INSERT INTO job_events (job_id, from_status, to_status, detail, occurred_at)
            SELECT u.id, NULL, 'queued', 'submitted', u.at::timestamptz
              FROM unnest(?::text[], ?::text[]) AS u(id, at)
            """)) {
      statement.setArray(
          1, connection.createArrayOf("text", jobs.stream().map(JobRecord::id).toArray()));
      statement.setArray(
          2,
          connection.createArrayOf(
              "text", jobs.stream().map(job -> job.createdAt().toString()).toArray()));
      statement.executeUpdate();
    }
  }

  /** What a new job waits for: a provider batch, room in its tenant's window, or nothing. */
  static String waitingFor(JobSubmission job, boolean parked) {
    if (job.isProviderBatch()) {
      return WaitingFor.PROVIDER_BATCH.wireName();
    }
    return parked ? WaitingFor.TENANT_CONCURRENCY.wireName() : null;
  }

  /** By when a job with a completion window must end, as text; null for a job that runs now. */
  static String deadline(JobSubmission job, Instant submittedAt) {
    return job.isProviderBatch() ? submittedAt.plus(COMPLETION_WINDOW).toString() : null;
  }

  /** The length of completion window 24h. */
  static final Duration COMPLETION_WINDOW = java.time.Duration.ofHours(24);

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
