package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.model.JobIds;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DispatchRelayIT extends ApiIntegrationTest {

  @Test
  void relayPublishesADispatchLeftUnsent() {
    String tenant = tenantOfKey(aTenantKey());
    String id = JobIds.next(Clock.systemUTC());
    OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1);
    jdbc.sql(
            """
            INSERT INTO jobs (id, tenant_id, kind, status, model_alias, model, priority, input,
                              max_attempts, timeout_seconds, created_at, updated_at)
            VALUES (:id, :tenant, 'summarize', 'queued', 'default', 'gpt-4o-mini', 'low',
                    '{"text":"x","style":"paragraph","max_words":120}'::jsonb, 5, 120, :past, :past)
            """)
        .param("id", id)
        .param("tenant", tenant)
        .param("past", past)
        .update();
    jdbc.sql(
            """
            INSERT INTO job_dispatches (job_id, attempt, routing_key, not_before, created_at)
            VALUES (:id, 1, 'low', :past, :past)
            """)
        .param("id", id)
        .param("past", past)
        .update();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                jdbc.sql("SELECT sent_at IS NOT NULL FROM job_dispatches WHERE job_id = :id")
                    .param("id", id)
                    .query(Boolean.class)
                    .single());
    assertThat(messagesFor(id)).isEqualTo(1);
  }
}
