package dev.promptly.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.webhooks.NodeWebhookReceiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Delivery as a receiver sees it: signatures, retries, 410, redirects, timeouts, rotation. */
class WebhookDeliveryIT extends WebhookIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void finishedJobIsDeliveredOnceSignedSoTheStandardLibraryVerifiesIt() {
    String tenant = aTenantWithSecret(aSecret());
    String path = path("ok");
    TestJob job = aRunningJob(tenant, path);
    double deliveredBefore = deliveredCount();

    succeed(job);

    Received received = awaitReceived(path, 1).getFirst();
    assertThat(received.verifiedWith()).containsExactly(tenant);
    assertThat(received.webhookId()).isEqualTo(eventOf(job).id()).startsWith("msg_");
    assertThat(received.webhookTimestamp())
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
    assertThat(received.contentType()).isEqualTo("application/json");
    assertThat(received.userAgent()).isEqualTo("Promptly-Webhooks/1");
    JsonNode body = JSON.readTree(received.body());
    assertThat(body.get("type").asString()).isEqualTo("job.succeeded");
    assertThat(Instant.parse(body.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
    assertThat(body.at("/data/id").asString()).isEqualTo(job.id());
    assertThat(body.at("/data/object").asString()).isEqualTo("job");
    assertThat(body.at("/data/status").asString()).isEqualTo("succeeded");
    assertThat(body.at("/data/result/text").asString()).isEqualTo("done");
    assertThat(awaitEventStatus(job, "delivered").attempts()).isEqualTo(1);
    assertThat(deliveriesOf(job)).containsExactly(new Delivery("delivered", 200, null));
    assertThat(deliveredCount()).isEqualTo(deliveredBefore + 1);
  }

  @Test
  void receiverFailingThreeTimesGetsTheSameEventUntilOneSuccessIsRecorded() {
    String path = path("fail/3");
    TestJob job = aRunningJob(aTenantWithSecret(aSecret()), path);

    succeed(job);

    List<Received> received = awaitReceived(path, 4);
    assertThat(awaitEventStatus(job, "delivered").attempts()).isEqualTo(4);
    assertThat(received).extracting(Received::webhookId).containsOnly(eventOf(job).id());
    assertThat(received).extracting(Received::body).containsOnly(received.getFirst().body());
    assertThat(received).allSatisfy(r -> assertThat(r.verifiedWith()).hasSize(1));
    assertThat(deliveriesOf(job))
        .containsExactly(
            new Delivery("retry", 500, null),
            new Delivery("retry", 500, null),
            new Delivery("retry", 500, null),
            new Delivery("delivered", 200, null));
    assertNothingMoreArrives(path, 4);
  }

  @Test
  void goneStopsDeliveryAfterOneAttempt() {
    String path = path("gone");
    TestJob job = aRunningJob(aTenantWithSecret(aSecret()), path);

    succeed(job);

    awaitReceived(path, 1);
    assertThat(awaitEventStatus(job, "gone").attempts()).isEqualTo(1);
    assertThat(deliveriesOf(job)).containsExactly(new Delivery("gone", 410, null));
    assertNothingMoreArrives(path, 1);
  }

  @Test
  void eventFailsAfterTheLastAttemptOfTheSchedule() {
    String path = path("fail/100");
    TestJob job = aRunningJob(aTenantWithSecret(aSecret()), path);

    succeed(job);

    assertThat(awaitEventStatus(job, "failed").attempts()).isEqualTo(5);
    assertThat(deliveriesOf(job))
        .extracting(Delivery::outcome)
        .containsExactly("retry", "retry", "retry", "retry", "exhausted");
    assertNothingMoreArrives(path, 5);
  }

  @Test
  void redirectIsAFailedAttemptAndIsNeverFollowed() {
    String target = path("ok");
    String path = path("redirect") + "?to=" + receiver().url(target);
    TestJob job = aRunningJob(aTenantWithSecret(aSecret()), path);

    succeed(job);

    awaitEventStatus(job, "failed");
    assertThat(deliveriesOf(job)).first().isEqualTo(new Delivery("retry", 302, null));
    assertThat(receiver().received(target)).isEmpty();
  }

  @Test
  void receiverSlowerThanTheTimeoutIsARetryableFailure() {
    String path = path("slow/3000");
    TestJob job = aRunningJob(aTenantWithSecret(aSecret()), path);

    succeed(job);

    await().atMost(Duration.ofSeconds(20)).until(() -> !deliveriesOf(job).isEmpty());
    assertThat(deliveriesOf(job).getFirst()).isEqualTo(new Delivery("retry", null, "timeout"));
  }

  @Test
  void duringARotationBothTheNewAndTheOldSecretSign() {
    String old = aSecret();
    String tenant = aTenantWithSecret(old);
    String fresh = aSecret();
    receiver().trust(java.util.Map.of("new-" + tenant, fresh));
    rotate(tenant, fresh, old, Instant.now().plus(Duration.ofHours(1)));
    String path = path("ok");
    TestJob job = aRunningJob(tenant, path);

    succeed(job);

    Received received = awaitReceived(path, 1).getFirst();
    assertThat(received.signatures()).isEqualTo(2);
    assertThat(received.verifiedWith()).containsExactlyInAnyOrder(tenant, "new-" + tenant);
  }

  @Test
  void anExpiredOldSecretNoLongerSigns() {
    String old = aSecret();
    String tenant = aTenantWithSecret(old);
    String fresh = aSecret();
    receiver().trust(java.util.Map.of("new-" + tenant, fresh));
    rotate(tenant, fresh, old, Instant.now().minus(Duration.ofMinutes(1)));
    String path = path("ok");
    TestJob job = aRunningJob(tenant, path);

    succeed(job);

    Received received = awaitReceived(path, 1).getFirst();
    assertThat(received.signatures()).isEqualTo(1);
    assertThat(received.verifiedWith()).containsExactly("new-" + tenant);
  }

  private void assertNothingMoreArrives(String path, int count) {
    await()
        .pollDelay(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> receiver().received(path).size() == count);
  }

  private double deliveredCount() {
    return meters.counter("promptly.webhook.deliveries", "outcome", "delivered").count();
  }
}
