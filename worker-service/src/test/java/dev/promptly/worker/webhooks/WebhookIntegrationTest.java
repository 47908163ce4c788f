package dev.promptly.worker.webhooks;

import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobChanges;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.security.SecureRandom;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * Webhook tests: the worker's shared context, and one node receiver for the whole JVM that checks
 * signatures with the official Standard Webhooks library.
 */
abstract class WebhookIntegrationTest extends WorkerIntegrationTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static NodeWebhookReceiver receiver;

  /** One delivery row as the log holds it. */
  record Delivery(String outcome, Integer statusCode, String error) {}

  /** The event's state. */
  record Event(String id, String status, int attempts) {}

  @BeforeAll
  static synchronized void startTheReceiver() throws Exception {
    Assumptions.assumeTrue(
        NodeWebhookReceiver.isAvailable(), "node is not installed: skipping webhook tests");
    if (receiver == null) {
      receiver = NodeWebhookReceiver.start();
      Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "webhook-receiver-stop"));
    }
  }

  protected NodeWebhookReceiver receiver() {
    return receiver;
  }

  /** A unique path under a receiver behaviour, e.g. {@code path("fail/3")}. */
  protected static String path(String behaviour) {
    return "/" + behaviour + "/" + UUID.randomUUID();
  }

  protected static String aSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** A tenant whose webhooks the receiver checks under the name {@code tenantId}. */
  protected String aTenantWithSecret(String secret) {
    String tenant = "ten_" + UUID.randomUUID().toString().replace("-", "");
    jdbc.sql(
            """
            INSERT INTO tenants (id, name, rate_limit_per_minute, webhook_secret, created_at)
            VALUES (:id, :id, 600, :secret, now())
            """)
        .param("id", tenant)
        .param("secret", secret)
        .update();
    receiver().trust(Map.of(tenant, secret));
    return tenant;
  }

  /** A rotation as the admin API leaves it: {@code previous} signs until {@code expiresAt}. */
  protected void rotate(String tenant, String current, String previous, Instant expiresAt) {
    jdbc.sql(
            """
            UPDATE tenants SET webhook_secret = :current, previous_webhook_secret = :previous,
                               previous_webhook_secret_expires_at = :expires
             WHERE id = :id
            """)
        .param("current", current)
        .param("previous", previous)
        .param("expires", expiresAt.atOffset(ZoneOffset.UTC))
        .param("id", tenant)
        .update();
  }

  protected TestJob aRunningJob(String tenant, String receiverPath) {
    return aQueuedJob()
        .forTenant(tenant)
        .withStatus(JobStatus.RUNNING)
        .withWebhookUrl(receiver().url(receiverPath))
        .insert();
  }

  /** Ends the job as a worker would: succeeded with a result, in one committed transition. */
  protected void succeed(TestJob job) {
    jobs.transition(
        job.id(),
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobChanges.none()
            .set("result", "{\"text\": \"done\", \"finish_reason\": \"stop\"}")
            .set("finished_at", clock.instant()),
        "succeeded in a test");
  }

  protected List<NodeWebhookReceiver.Received> awaitReceived(String prefix, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver().received(prefix).size() >= count);
    return receiver().received(prefix);
  }

  protected Event awaitEventStatus(TestJob job, String status) {
    await().atMost(Duration.ofSeconds(20)).until(() -> eventOf(job).status().equals(status));
    return eventOf(job);
  }

  protected Event eventOf(TestJob job) {
    return jdbc.sql("SELECT id, status, attempts FROM webhook_events WHERE job_id = ?")
        .param(job.id())
        .query(
            (rs, row) ->
                new Event(rs.getString("id"), rs.getString("status"), rs.getInt("attempts")))
        .single();
  }

  protected List<Delivery> deliveriesOf(TestJob job) {
    return jdbc.sql(
            "SELECT outcome, status_code, error FROM webhook_deliveries WHERE job_id = ? ORDER BY id")
        .param(job.id())
        .query(
            (rs, row) ->
                new Delivery(
                    rs.getString("outcome"),
                    rs.getObject("status_code", Integer.class),
                    rs.getString("error")))
        .list();
  }

  /** An event written straight into the table, e.g. one a crashed worker still holds. */
  protected void insertEvent(TestJob job, String id, String url, Instant lockedUntil) {
    jdbc.sql(
            """
            INSERT INTO webhook_events (id, job_id, tenant_id, type, url, status, attempts,
                                        next_attempt_at, locked_until, created_at)
            VALUES (:id, :job, :tenant, 'job.succeeded', :url, 'pending', 0, now(), :lockedUntil,
                    now())
            """)
        .param("id", id)
        .param("job", job.id())
        .param("tenant", job.tenantId())
        .param("url", url)
        .param(
            "lockedUntil",
            lockedUntil == null ? null : lockedUntil.atOffset(ZoneOffset.UTC),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .update();
  }
}
