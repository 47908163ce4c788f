package dev.promptly.api.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook tables as the API reads them, and the two changes admins make. */
@Repository
public class WebhookEventRepository {
  private static final String EVENT_COLUMNS =
      " id, type, status, attempts, next_attempt_at, created_at, delivered_at";

  private final JdbcClient jdbc;

  WebhookEventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The job's attempts, newest first. */
  public List<WebhookResources.Delivery> deliveries(String jobId, int limit) {
    return jdbc.sql(
            """
            SELECT d.id, d.event_id, e.type, d.attempted_at, d.outcome, d.status_code, d.error,
                   d.duration_ms
              FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
             WHERE d.job_id = :jobId
             ORDER BY d.id DESC
             LIMIT :limit
            """)
        .param("jobId", jobId)
        .param("limit", limit)
        .query(
            (rs, row) ->
                new WebhookResources.Delivery(
                    rs.getString("id"),
                    "webhook_delivery",
                    rs.getString("event_id"),
                    rs.getString("type"),
                    time(rs, "attempted_at"),
                    rs.getString("outcome"),
                    rs.getObject("status_code", Integer.class),
                    rs.getString("error"),
                    rs.getLong("duration_ms")))
        .list();
  }

  /** The job's events, newest first. */
  public List<WebhookResources.Event> events(String jobId) {
    return jdbc.sql(
            "SELECT "
                + EVENT_COLUMNS
                + " FROM webhook_events WHERE job_id = :jobId"
                + " ORDER BY created_at DESC, id DESC")
        .param("jobId", jobId)
        .query(WebhookEventRepository::event)
        .list();
  }

  /**
   * Makes the job's latest event pending and due now, with its retry schedule started over; its id
   * and frozen body stay, so the receiver sees the same event again. The row's trigger wakes the
   * workers when this commits.
   */
  public Optional<WebhookResources.Event> redeliverLatest(String jobId, Instant now) {
    return jdbc.sql(
            """
            UPDATE webhook_events
               SET status = 'pending', attempts = 0, next_attempt_at = :now,
                   locked_until = NULL, delivered_at = NULL
             WHERE id = (SELECT id FROM webhook_events WHERE job_id = :jobId
                          ORDER BY created_at DESC, id DESC LIMIT 1)
            RETURNING
            """
                + EVENT_COLUMNS)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("jobId", jobId)
        .query(WebhookEventRepository::event)
        .optional();
  }

  /**
   * Makes {@code secret} the tenant's webhook secret, keeping the current one as the previous
   * secret until {@code previousExpiresAt}. A previous secret still in its overlap is dropped.
   *
   * @return false when there is no such tenant
   */
  boolean rotateSecret(String tenantId, String secret, Instant previousExpiresAt) {
    return jdbc.sql(
                """
                UPDATE tenants
                   SET previous_webhook_secret = webhook_secret,
                       previous_webhook_secret_expires_at = :expires,
                       webhook_secret = :secret
                 WHERE id = :id
                """)
            .param("expires", previousExpiresAt.atOffset(ZoneOffset.UTC))
            .param("secret", secret)
            .param("id", tenantId)
            .update()
        == 1;
  }

  private static WebhookResources.Event event(ResultSet rs, int row) throws SQLException {
    String status = rs.getString("status");
    return new WebhookResources.Event(
        rs.getString("id"),
        "webhook_event",
        rs.getString("type"),
        status,
        rs.getInt("attempts"),
        status.equals("pending") ? time(rs, "next_attempt_at") : null,
        time(rs, "created_at"),
        time(rs, "delivered_at"));
  }

  private static String time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant().toString();
  }
}
