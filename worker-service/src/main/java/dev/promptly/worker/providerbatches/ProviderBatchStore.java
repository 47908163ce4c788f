package dev.promptly.worker.providerbatches;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code provider_batches} table and the provider-batch columns of {@code jobs} (V40): what the
 * router has done, one recorded step at a time.
 */
class ProviderBatchStore {
  /** Where a provider batch is. */
  enum State {
    ASSEMBLED,
    UPLOADED,
    SUBMITTED,
    COMPLETED,
    FAILED,
    CANCELLED;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String wireName) {
      return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** A row of {@code provider_batches}. */
  record Row(
      String id,
      String provider,
      String modelAlias,
      String model,
      State state,
      String fileKey,
      String inputFileId,
      String providerBatchId,
      int lineCount,
      Instant createdAt) {}

  /** The provider-batch jobs of one model that wait for a file. */
  record WaitingModel(String modelAlias, int count, Instant oldest) {}

  /** A job attached to a provider batch, with the budget held for its line. */
  record Attached(JobRecord job, Long reservationId, Long reservedMicros) {}

  /** A job sent back to run live, with the budget its line held and the trace it came with. */
  record Detached(JobRecord job, Long reservationId, Long reservedMicros, String traceparent) {}

  private static final String ROW_COLUMNS =
      "id, provider, model_alias, model, state, file_key, input_file_id, provider_batch_id,"
          + " line_count, created_at";

  private final JdbcClient jdbc;

  ProviderBatchStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<WaitingModel> waitingModels() {
    return jdbc.sql(
            """
            SELECT model_alias, count(*) AS waiting, min(created_at) AS oldest FROM jobs
             WHERE route = 'provider_batch' AND status = 'queued' AND provider_batch_id IS NULL
               AND NOT cancel_requested
             GROUP BY model_alias
            """)
        .query(
            (rs, row) ->
                new WaitingModel(
                    rs.getString("model_alias"), rs.getInt("waiting"), instant(rs, "oldest")))
        .list();
  }

  /** Locks up to {@code limit} waiting jobs of the model, oldest first; others skip them. */
  List<JobRecord> lockWaiting(String modelAlias, int limit) {
    return jdbc.sql(
            "SELECT "
                + JobRows.COLUMNS
                + " FROM jobs WHERE route = 'provider_batch' AND status = 'queued'"
                + " AND provider_batch_id IS NULL AND NOT cancel_requested"
                + " AND model_alias = :alias ORDER BY created_at, id LIMIT :limit"
                + " FOR UPDATE SKIP LOCKED")
        .param("alias", modelAlias)
        .param("limit", limit)
        .query(JobRows::map)
        .list();
  }

  void insert(Row row, Instant now) {
    jdbc.sql(
            """
            INSERT INTO provider_batches (id, provider, model_alias, model, state, file_key,
                                          line_count, created_at, updated_at, next_poll_at)
            VALUES (:id, :provider, :alias, :model, 'assembled', :key, :lines, :now, :now, :now)
            """)
        .param("id", row.id())
        .param("provider", row.provider())
        .param("alias", row.modelAlias())
        .param("model", row.model())
        .param("key", row.fileKey())
        .param("lines", row.lineCount())
        .param("now", utc(now))
        .update();
  }

  /** Attaches a locked job to its file, with the budget held for its line (null for none). */
  void attach(String batchId, String jobId, Long reservationId, long reservedMicros, Instant now) {
    jdbc.sql(
            """
            UPDATE jobs SET provider_batch_id = :batch, provider_batch_reservation_id = :rid,
                            provider_batch_reserved_micros = :amount, updated_at = :now
             WHERE id = :id
            """)
        .param("batch", batchId)
        .param("rid", reservationId)
        .param("amount", reservedMicros)
        .param("now", utc(now))
        .param("id", jobId)
        .update();
  }

  /**
   * Takes the provider batch whose next step is due, for {@code leaseUntil}: another worker takes
   * it only once that has passed (this one died in the step).
   */
  Optional<Row> claimDue(Instant now, Instant leaseUntil) {
    return jdbc.sql(
            "UPDATE provider_batches SET next_poll_at = :lease, updated_at = :now WHERE id = ("
                + "SELECT id FROM provider_batches"
                + " WHERE state IN ('assembled', 'uploaded', 'submitted') AND next_poll_at <= :now"
                + " ORDER BY next_poll_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING "
                + ROW_COLUMNS)
        .param("lease", utc(leaseUntil))
        .param("now", utc(now))
        .query(ProviderBatchStore::row)
        .optional();
  }

  void recordUploaded(String id, String inputFileId, int lines, Instant now) {
    jdbc.sql(
            """
            UPDATE provider_batches SET state = 'uploaded', input_file_id = :file,
                                        line_count = :lines, updated_at = :now, next_poll_at = :now
             WHERE id = :id AND state = 'assembled'
            """)
        .param("file", inputFileId)
        .param("lines", lines)
        .param("now", utc(now))
        .param("id", id)
        .update();
  }

  void recordSubmitted(
      String id, String providerBatchId, String status, Instant now, Instant next) {
    jdbc.sql(
            """
            UPDATE provider_batches SET state = 'submitted', provider_batch_id = :batch,
                                        provider_status = :status, submitted_at = :now,
                                        updated_at = :now, next_poll_at = :next
             WHERE id = :id AND state IN ('assembled', 'uploaded')
            """)
        .param("batch", providerBatchId)
        .param("status", status)
        .param("now", utc(now))
        .param("next", utc(next))
        .param("id", id)
        .update();
  }

  /** The provider batch is still running (or the step failed): its next step at {@code next}. */
  void reschedule(String id, String status, String error, Instant now, Instant next) {
    jdbc.sql(
            """
            UPDATE provider_batches SET provider_status = coalesce(:status, provider_status),
                                        error = :error, updated_at = :now, next_poll_at = :next
             WHERE id = :id
            """)
        .param("status", status)
        .param("error", error)
        .param("now", utc(now))
        .param("next", utc(next))
        .param("id", id)
        .update();
  }

  void recordFinished(
      String id,
      State state,
      String status,
      String outputFileId,
      String errorFileId,
      String error,
      Instant now) {
    jdbc.sql(
            """
            UPDATE provider_batches SET state = :state, provider_status = :status,
                                        output_file_id = :output, error_file_id = :errors,
                                        error = :error, finished_at = :now, updated_at = :now,
                                        next_poll_at = NULL
             WHERE id = :id
            """)
        .param("state", state.wireName())
        .param("status", status)
        .param("output", outputFileId)
        .param("errors", errorFileId)
        .param("error", error)
        .param("now", utc(now))
        .param("id", id)
        .update();
  }

  /** The jobs of the file that still wait for its answer. */
  List<JobRecord> openLines(String batchId) {
    return jdbc.sql(
            "SELECT "
                + JobRows.COLUMNS
                + " FROM jobs WHERE provider_batch_id = :batch AND status = 'queued'"
                + " ORDER BY id")
        .param("batch", batchId)
        .query(JobRows::map)
        .list();
  }

  /**
   * Locks, in id order, those of the jobs that still wait for this file's answer; a job missing no
   * longer does (cancelled, sent live, answered already): its line is then discarded.
   */
  List<Attached> lockAttached(List<String> jobIds, String batchId) {
    if (jobIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT "
                + JobRows.COLUMNS
                + ", provider_batch_reservation_id, provider_batch_reserved_micros FROM jobs"
                + " WHERE id = ANY(string_to_array(:ids, ',')) AND provider_batch_id = :batch"
                + " AND status = 'queued' AND NOT cancel_requested ORDER BY id FOR UPDATE")
        .param("ids", String.join(",", jobIds))
        .param("batch", batchId)
        .query(
            (rs, row) ->
                new Attached(
                    JobRows.map(rs, row),
                    nullableLong(rs, "provider_batch_reservation_id"),
                    nullableLong(rs, "provider_batch_reserved_micros")))
        .list();
  }

  /**
   * The lines' reservations become their endings' to settle or release; the jobs of {@code live}
   * (failed lines to retry) run live from now on, out of their file.
   */
  void takeLines(List<String> jobIds, List<String> live, Instant now) {
    if (jobIds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE jobs SET provider_batch_reservation_id = NULL,
                            provider_batch_reserved_micros = NULL, updated_at = :now,
                            route = CASE WHEN id = ANY(string_to_array(:live, ',')) THEN 'live'
                                         ELSE route END,
                            provider_batch_id = CASE WHEN id = ANY(string_to_array(:live, ','))
                                                     THEN NULL ELSE provider_batch_id END
             WHERE id = ANY(string_to_array(:ids, ','))
            """)
        .param("ids", String.join(",", jobIds))
        .param("live", String.join(",", live))
        .param("now", utc(now))
        .update();
  }

  /** The job runs live from now on: out of its file, its reservation cleared. */
  void routeLive(String jobId, Instant now) {
    jdbc.sql(
            """
            UPDATE jobs SET route = 'live', provider_batch_id = NULL,
                            provider_batch_reservation_id = NULL,
                            provider_batch_reserved_micros = NULL, updated_at = :now
             WHERE id = :id
            """)
        .param("id", jobId)
        .param("now", utc(now))
        .update();
  }

  /**
   * Detaches the queued jobs of the file that it did not answer, so that they join the next file;
   * returns the reservations to release.
   */
  List<Attached> detachUnanswered(String batchId, Instant now) {
    return jdbc.sql(
            "WITH lines_open AS (SELECT id AS open_id, provider_batch_reservation_id AS rid,"
                + " provider_batch_reserved_micros AS amount FROM jobs"
                + " WHERE provider_batch_id = :batch AND status = 'queued' FOR UPDATE)"
                + " UPDATE jobs SET provider_batch_id = NULL, provider_batch_reservation_id = NULL,"
                + " provider_batch_reserved_micros = NULL, updated_at = :now FROM lines_open"
                + " WHERE id = lines_open.open_id RETURNING "
                + JobRows.COLUMNS
                + ", lines_open.rid, lines_open.amount")
        .param("batch", batchId)
        .param("now", utc(now))
        .query(
            (rs, row) ->
                new Attached(
                    JobRows.map(rs, row), nullableLong(rs, "rid"), nullableLong(rs, "amount")))
        .list();
  }

  /**
   * Sends the provider-batch jobs whose deadline is within {@code cutoff} to run live: route live,
   * out of their file, waiting for nothing; the caller dispatches them in the same transaction.
   */
  List<Detached> detachDue(Instant cutoff, Instant now, int limit) {
    return jdbc.sql(
            "WITH due AS (SELECT id AS due_id, provider_batch_reservation_id AS rid,"
                + " provider_batch_reserved_micros AS amount, traceparent AS tp FROM jobs"
                + " WHERE route = 'provider_batch' AND status = 'queued' AND deadline_at <= :cutoff"
                + " ORDER BY deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                + " UPDATE jobs SET route = 'live', provider_batch_id = NULL, waiting_for = NULL,"
                + " provider_batch_reservation_id = NULL, provider_batch_reserved_micros = NULL,"
                + " updated_at = :now FROM due WHERE id = due.due_id RETURNING "
                + JobRows.COLUMNS
                + ", due.rid, due.amount, due.tp")
        .param("cutoff", utc(cutoff))
        .param("now", utc(now))
        .param("limit", limit)
        .query(
            (rs, row) ->
                new Detached(
                    JobRows.map(rs, row),
                    nullableLong(rs, "rid"),
                    nullableLong(rs, "amount"),
                    rs.getString("tp")))
        .list();
  }

  /**
   * Takes the reservations of provider-batch jobs that ended while their line was out (cancelled):
   * nothing will settle them.
   */
  List<Long> takeReservationsOfEndedJobs(int limit) {
    return jdbc.sql(
            "WITH ended AS (SELECT id AS ended_id, provider_batch_reservation_id AS rid FROM jobs"
                + " WHERE provider_batch_reservation_id IS NOT NULL"
                + " AND status IN ('cancelled', 'failed', 'succeeded') LIMIT :limit"
                + " FOR UPDATE SKIP LOCKED)"
                + " UPDATE jobs SET provider_batch_reservation_id = NULL,"
                + " provider_batch_reserved_micros = NULL FROM ended WHERE id = ended.ended_id"
                + " RETURNING ended.rid")
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  private static Row row(ResultSet rs, int row) throws SQLException {
    return new Row(
        rs.getString("id"),
        rs.getString("provider"),
        rs.getString("model_alias"),
        rs.getString("model"),
        State.of(rs.getString("state")),
        rs.getString("file_key"),
        rs.getString("input_file_id"),
        rs.getString("provider_batch_id"),
        rs.getInt("line_count"),
        instant(rs, "created_at"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
