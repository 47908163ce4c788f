package dev.promptly.jobstore;

import dev.promptly.model.JobIds;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes tenants and jobs straight into the tables, for tests. */
final class StoredJobs {
  private final JdbcClient jdbc;

  StoredJobs(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  String aTenant() {
    String id = "ten_" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql(
            "INSERT INTO tenants (id, name, rate_limit_per_minute, webhook_secret, created_at) "
                + "VALUES (:id, :id, 600, 'whsec_test', now())")
        .param("id", id)
        .update();
    return id;
  }

  String aJob(String tenantId, String status) {
    return aJob(tenantId, status, null);
  }

  /** A job that names a webhook URL, or none when {@code webhookUrl} is null. */
  String aJob(String tenantId, String status, String webhookUrl) {
    String id = JobIds.next(Clock.systemUTC());
    jdbc.sql(
            """
            INSERT INTO jobs (id, tenant_id, kind, status, model_alias, model, priority, input,
                              max_attempts, timeout_seconds, webhook_url, created_at, updated_at)
            VALUES (:id, :tenant, 'summarize', :status, 'default', 'gpt-4o-mini', 'normal',
                    '{"text": "A text.", "style": "tldr", "max_words": 20}'::jsonb, 3, 60,
                    :webhookUrl, :now, :now)
            """)
        .param("id", id)
        .param("tenant", tenantId)
        .param("status", status)
        .param("webhookUrl", webhookUrl, java.sql.Types.VARCHAR)
        .param("now", OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return id;
  }
}
