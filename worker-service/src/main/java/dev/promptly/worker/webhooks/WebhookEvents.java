package dev.promptly.worker.webhooks;

import dev.promptly.webhooks.WebhookIds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code webhook_events} and {@code webhook_deliveries} tables, as workers use them. */
class WebhookEvents {
  private final JdbcClient jdbc;
  private final Clock clock;

  WebhookEvents(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Takes up to {@code limit} due events, oldest due first, and leases them until {@code leaseEnd}.
   * One statement: SKIP LOCKED lets workers claim side by side without waiting, and an event whose
   * lease ran out (its worker died mid-attempt) is due again.
   */
  List<ClaimedEvent> claim(int limit, Instant now, Instant leaseEnd) {
    // Microseconds, as Postgres stores them: the lease is compared for equality later.
    OffsetDateTime lease = utc(leaseEnd.truncatedTo(ChronoUnit.MICROS));
    return jdbc.sql(
            """
            WITH due AS (
              SELECT id FROM webhook_events
               WHERE status = 'pending' AND next_attempt_at <= :now
                 AND (locked_until IS NULL OR locked_until < :now)
               ORDER BY next_attempt_at
               LIMIT :limit
               FOR UPDATE SKIP LOCKED)
            UPDATE webhook_events e SET locked_until = :lease
              FROM due WHERE e.id = due.id
            RETURNING e.id, e.job_id, e.batch_id, e.tenant_id, e.type, e.url, e.body, e.attempts,
                      e.created_at, e.locked_until,
                      (SELECT d.traceparent FROM job_dispatches d
                        WHERE d.job_id = e.job_id ORDER BY d.id DESC LIMIT 1) AS traceparent
            """)
        .param("now", utc(now))
        .param("limit", limit)
        .param("lease", lease)
        .query(WebhookEvents::claimed)
        .list();
  }

  /**
   * Stores the body unless an earlier attempt already did, and returns the stored one, so every
   * attempt of an event sends the same bytes.
   */
  String freezeBody(String eventId, String body) {
    return jdbc.sql(
            "UPDATE webhook_events SET body = coalesce(body, :body) WHERE id = :id RETURNING body")
        .param("body", body)
        .param("id", eventId)
        .query(String.class)
        .single();
  }

  /**
   * Logs the attempt and applies its decision to the event, in one statement. The attempt is always
   * logged (it happened); the event changes only if this claim still holds it.
   *
   * @return false when the lease was lost (it ran out and another worker claimed the event)
   */
  boolean record(
      ClaimedEvent event,
      DeliveryAttempt attempt,
      RetrySchedule.Decision decision,
      Instant attemptedAt) {
    DeliveryOutcome outcome = decision.outcome();
    return jdbc.sql(
                """
                WITH attempt AS (
                  INSERT INTO webhook_deliveries (id, event_id, job_id, attempted_at, outcome,
                                                  status_code, error, duration_ms)
                  VALUES (:deliveryId, :id, :jobId, :now, :outcome, :statusCode, :error, :durationMs))
                UPDATE webhook_events
                   SET status = :status, attempts = attempts + 1, locked_until = NULL,
                       next_attempt_at = coalesce(:nextAttemptAt, next_attempt_at),
                       delivered_at = CASE WHEN :delivered THEN :now ELSE delivered_at END
                 WHERE id = :id AND locked_until = :lease
                """)
            .param("deliveryId", WebhookIds.nextDelivery(clock))
            .param("id", event.id())
            .param("jobId", event.jobId(), Types.VARCHAR)
            .param("now", utc(attemptedAt))
            .param("outcome", outcome.wireName())
            .param("statusCode", attempt.statusCode(), Types.INTEGER)
            .param("error", attempt.error(), Types.VARCHAR)
            .param("durationMs", (int) Math.min(Integer.MAX_VALUE, attempt.durationMs()))
            .param("status", outcome.eventStatus())
            .param(
                "nextAttemptAt",
                decision.nextAttemptAt() == null ? null : utc(decision.nextAttemptAt()),
                Types.TIMESTAMP_WITH_TIMEZONE)
            .param("delivered", outcome == DeliveryOutcome.DELIVERED)
            .param("lease", utc(event.lockedUntil()))
            .update()
        == 1;
  }

  /**
   * The secrets that sign for the tenant now: its current one, and the rotated-out one while it has
   * not expired.
   */
  List<String> signingSecrets(String tenantId, Instant now) {
    return jdbc.sql(
            """
            SELECT webhook_secret, previous_webhook_secret, previous_webhook_secret_expires_at
              FROM tenants WHERE id = :id
            """)
        .param("id", tenantId)
        .query(
            (rs, row) -> {
              List<String> secrets = new ArrayList<>();
              secrets.add(rs.getString("webhook_secret"));
              OffsetDateTime expires =
                  rs.getObject("previous_webhook_secret_expires_at", OffsetDateTime.class);
              String previous = rs.getString("previous_webhook_secret");
              if (previous != null && expires != null && expires.toInstant().isAfter(now)) {
                secrets.add(previous);
              }
              return List.copyOf(secrets);
            })
        .single();
  }

  /** Pending events that are due now: the delivery backlog. */
  long backlog(Instant now) {
    return jdbc.sql(
            "SELECT count(*) FROM webhook_events WHERE status = 'pending' AND next_attempt_at <= ?")
        .param(utc(now))
        .query(Long.class)
        .single();
  }

  private static ClaimedEvent claimed(ResultSet rs, int row) throws SQLException {
    return new ClaimedEvent(
        rs.getString("id"),
        rs.getString("job_id"),
        rs.getString("batch_id"),
        rs.getString("tenant_id"),
        rs.getString("type"),
        rs.getString("url"),
        rs.getString("body"),
        rs.getInt("attempts"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("locked_until", OffsetDateTime.class).toInstant(),
        rs.getString("traceparent"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
