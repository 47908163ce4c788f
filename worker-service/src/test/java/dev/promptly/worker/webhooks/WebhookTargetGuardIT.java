package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobStatus;
import dev.promptly.webhooks.WebhookIds;
import dev.promptly.webhooks.WebhookUrlPolicy;
import dev.promptly.worker.TestJobs.TestJob;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SSRF guard at delivery time: a worker that does not allow private targets (the production
 * setting) refuses an internal target before connecting, records the attempt as refused, and does
 * not retry it. The shared test context allows private targets (its receiver is on loopback), so
 * these attempts go through a delivery built with the strict policy, on the same tables.
 */
class WebhookTargetGuardIT extends WebhookIntegrationTest {
  @Autowired WebhookEvents events;
  @Autowired JobRepository jobRepository;
  @Autowired JobResourceRenderer renderer;
  @Autowired WebhookMetrics metrics;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:{port}/ok/",
        "http://[::1]:{port}/ok/",
        "http://localhost:{port}/ok/",
        "http://localhost.:{port}/ok/",
        "http://10.0.0.1:{port}/ok/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]:{port}/ok/",
        "ftp://127.0.0.1:{port}/ok/"
      })
  void internalTargetIsRefusedAtDeliveryAndNeverRetried(String target) {
    String url = target.replace("{port}", receiverPort()) + java.util.UUID.randomUUID();

    Attempted attempted = attemptStrictly(url);

    assertThat(attempted.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(eventOf(attempted.job()).status()).isEqualTo("failed");
    assertThat(deliveriesOf(attempted.job()))
        .singleElement()
        .satisfies(d -> assertThat(d.error()).startsWith("target_refused"))
        .satisfies(d -> assertThat(d.outcome()).isEqualTo("refused"));
    assertThat(receiver().received("/ok/")).noneMatch(r -> url.endsWith(r.path()));
  }

  @Test
  void hostNameThatResolvesToLoopbackIsRefused() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    Assumptions.assumeTrue(
        List.of(InetAddress.getAllByName(host)).stream().allMatch(InetAddress::isLoopbackAddress),
        "this machine's name does not resolve to loopback only");
    String path = path("ok");

    Attempted attempted = attemptStrictly("http://" + host + ":" + receiverPort() + path);

    assertThat(attempted.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(receiver().received(path)).isEmpty();
  }

  @Test
  void sameTargetIsDeliveredWhenPrivateTargetsAreAllowed() {
    String path = path("ok");

    Attempted attempted = attempt(receiver().url(path), true);

    assertThat(attempted.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(receiver().received(path)).hasSize(1);
  }

  private record Attempted(TestJob job, DeliveryOutcome outcome) {}

  private Attempted attemptStrictly(String url) {
    return attempt(url, false);
  }

  private Attempted attempt(String url, boolean allowPrivateTargets) {
    TestJob job =
        aQueuedJob()
            .forTenant(aTenantWithSecret(aSecret()))
            .withStatus(JobStatus.SUCCEEDED)
            .insert();
    // Held by "us" for a minute, so the context's own dispatcher leaves it alone.
    String id = WebhookIds.nextEvent(clock);
    insertEvent(job, id, url, Instant.now().plus(Duration.ofMinutes(1)));
    WebhookDelivery delivery =
        new WebhookDelivery(
            events,
            jobRepository,
            new WebhookBody(renderer),
            new WebhookSender(new WebhookUrlPolicy(allowPrivateTargets), Duration.ofSeconds(2)),
            new RetrySchedule(List.of(Duration.ofSeconds(1))),
            metrics,
            clock);
    return new Attempted(job, delivery.attempt(claimed(id)));
  }

  private ClaimedEvent claimed(String id) {
    return jdbc.sql(
            "SELECT id, job_id, tenant_id, type, url, attempts, created_at, locked_until"
                + " FROM webhook_events WHERE id = ?")
        .param(id)
        .query(
            (rs, row) ->
                new ClaimedEvent(
                    rs.getString("id"),
                    rs.getString("job_id"),
                    null,
                    rs.getString("tenant_id"),
                    rs.getString("type"),
                    rs.getString("url"),
                    null,
                    rs.getInt("attempts"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    rs.getObject("locked_until", OffsetDateTime.class)
                        .toInstant()
                        .truncatedTo(ChronoUnit.MICROS),
                    null))
        .single();
  }

  private String receiverPort() {
    String url = receiver().url("");
    return url.substring(url.lastIndexOf(':') + 1);
  }
}
