package dev.promptly.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox table {@code job_dispatches}. */
public class JobDispatchRepository {
  private final JdbcClient jdbc;
  private final Clock clock;

  public JobDispatchRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records that a job message is owed. Call inside the transaction that created the work, so the
   * job and its dispatch commit or roll back together.
   */
  public JobDispatch schedule(
      String jobId,
      String tenantId,
      int attempt,
      String routingKey,
      String traceparent,
      String requestId,
      Instant notBefore) {
    long id =
        jdbc.sql(
                """
                INSERT INTO job_dispatches
                    (job_id, attempt, routing_key, traceparent, request_id, not_before, created_at)
                VALUES (:jobId, :attempt, :routingKey, :traceparent, :requestId, :notBefore, :now)
                RETURNING id
                """)
            .param("jobId", jobId)
            .param("attempt", attempt)
            .param("routingKey", routingKey)
            .param("traceparent", traceparent)
            .param("requestId", requestId)
            .param("notBefore", utc(notBefore))
            .param("now", utc(clock.instant()))
            .query(Long.class)
            .single();
    return new JobDispatch(
        id, jobId, tenantId, attempt, routingKey, traceparent, requestId, notBefore);
  }

  /**
   * Locks up to {@code limit} due, unsent dispatches older than {@code createdBefore}. SKIP LOCKED
   * lets several relays (API replicas and workers) share the table without publishing one row
   * twice; the locks hold until the caller's transaction ends.
   */
  public List<JobDispatch> lockDue(Instant createdBefore, int limit) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
            SELECT d.id, d.job_id, j.tenant_id, d.attempt, d.routing_key, d.traceparent,
                   d.request_id, d.not_before
              FROM job_dispatches d JOIN jobs j ON j.id = d.job_id
             WHERE d.sent_at IS NULL AND d.not_before <= :now AND d.created_at <= :createdBefore
             ORDER BY d.not_before
             LIMIT :limit
             FOR UPDATE OF d SKIP LOCKED
            """)
        .param("now", utc(now))
        .param("createdBefore", utc(createdBefore))
        .param("limit", limit)
        .query(JobDispatchRepository::toDispatch)
        .list();
  }

  /** Marks a dispatch as on the broker; false if it was already marked. */
  public boolean markSent(long id) {
    return jdbc.sql("UPDATE job_dispatches SET sent_at = :now WHERE id = :id AND sent_at IS NULL")
            .param("now", utc(clock.instant()))
            .param("id", id)
            .update()
        == 1;
  }

  /** How many dispatches are due and still unsent. */
  public long countDueUnsent() {
    return jdbc.sql(
            "SELECT count(*) FROM job_dispatches WHERE sent_at IS NULL AND not_before <= :now")
        .param("now", utc(clock.instant()))
        .query(Long.class)
        .single();
  }

  /** How long the oldest due, unsent dispatch has been due; zero when there is none. */
  public Duration oldestDueUnsentAge() {
    double seconds =
        jdbc.sql(
                """
                SELECT COALESCE(EXTRACT(EPOCH FROM (:now - min(not_before))), 0)
                  FROM job_dispatches WHERE sent_at IS NULL AND not_before <= :now
                """)
            .param("now", utc(clock.instant()))
            .query(Double.class)
            .single();
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static JobDispatch toDispatch(ResultSet rs, int row) throws SQLException {
    OffsetDateTime notBefore = rs.getObject("not_before", OffsetDateTime.class);
    return new JobDispatch(
        rs.getLong("id"),
        rs.getString("job_id"),
        rs.getString("tenant_id"),
        rs.getInt("attempt"),
        rs.getString("routing_key"),
        rs.getString("traceparent"),
        rs.getString("request_id"),
        notBefore.toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
