package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.webhooks.NodeWebhookReceiver.Received;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's {@code batch.completed} event: no job of its own, delivered and logged all the same.
 */
class BatchWebhookDeliveryIT extends WebhookIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private String aBatchOf(String tenant, String url) {
    String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
    jdbc.sql(
            """
            INSERT INTO batches (id, tenant_id, status, total, webhook_url, created_at)
            VALUES (:id, :tenant, 'running', 1, :url, now())
            """)
        .param("id", id)
        .param("tenant", tenant)
        .param("url", url)
        .update();
    return id;
  }

  private void joinBatch(TestJob job, String batchId) {
    jdbc.sql("UPDATE jobs SET batch_id = :batch, batch_index = 0, custom_id = 'c-1' WHERE id = :id")
        .param("batch", batchId)
        .param("id", job.id())
        .update();
  }

  @Test
  void theLastJobOfABatchEndingDeliversOneSignedBatchCompletedEvent() {
    String tenant = aTenantWithSecret(aSecret());
    String batchPath = path("ok");
    String batch = aBatchOf(tenant, receiver().url(batchPath));
    TestJob job = aRunningJob(tenant, path("ok"));
    joinBatch(job, batch);

    succeed(job);

    Received received = awaitReceived(batchPath, 1).getFirst();
    assertThat(received.verifiedWith()).containsExactly(tenant);
    JsonNode body = JSON.readTree(received.body());
    assertThat(body.get("type").asString()).isEqualTo("batch.completed");
    assertThat(body.at("/data/id").asString()).isEqualTo(batch);
    assertThat(body.at("/data/object").asString()).isEqualTo("batch");
    assertThat(body.at("/data/status").asString()).isEqualTo("completed");
    assertThat(body.at("/data/counts/succeeded").asInt()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT status FROM webhook_events WHERE batch_id = ? AND job_id IS NULL")
                    .param(batch)
                    .query(String.class)
                    .single(),
            "delivered"::equals);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM webhook_deliveries d JOIN webhook_events e"
                        + " ON e.id = d.event_id WHERE e.batch_id = ? AND d.job_id IS NULL"
                        + " AND d.outcome = 'delivered'")
                .param(batch)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
