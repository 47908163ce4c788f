package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatchRepository;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.model.Priority;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class DispatchGaugesIT extends JobStoreIT {
  @Autowired JobDispatchRepository dispatches;
  @Autowired MessagingProperties messaging;
  @Autowired RabbitTemplate rabbit;
  @Autowired AmqpAdmin admin;

  @Autowired
  @Qualifier("dispatchGauges")
  MeterBinder gauges;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void emptyOutboxAndQueues() {
    admin.initialize();
    admin.purgeQueue(messaging.queue(), false);
    jdbc.sql("UPDATE job_dispatches SET sent_at = now() WHERE sent_at IS NULL").update();
    gauges.bindTo(meters);
  }

  @Test
  void outboxAgeIsZeroWhenNothingWaits() {
    assertThat(gauge("promptly.outbox.oldest.age")).isZero();
    assertThat(gauge("promptly.outbox.pending")).isZero();
  }

  @Test
  void outboxAgeIsThatOfTheOldestDueUnsentDispatch() {
    String tenant = jobs().aTenant();
    dispatches.schedule(
        new DispatchOrder(jobs().aJob(tenant, "queued"), tenant, 1, "normal", null, null, ago(90)));
    dispatches.schedule(
        new DispatchOrder(jobs().aJob(tenant, "queued"), tenant, 1, "normal", null, null, ago(10)));
    // Not due yet: a delayed retry is not a stuck outbox.
    dispatches.schedule(
        new DispatchOrder(
            jobs().aJob(tenant, "retry_scheduled"),
            tenant,
            2,
            "normal",
            null,
            null,
            Instant.now().plusSeconds(600)));

    assertThat(gauge("promptly.outbox.oldest.age")).isBetween(89.0, 120.0);
    assertThat(gauge("promptly.outbox.pending")).isEqualTo(2);
  }

  @Test
  void queueDepthCountsTheMessagesWaitingInTheJobQueue() {
    String queue = messaging.queue();
    for (int i = 0; i < 3; i++) {
      rabbit.convertAndSend(messaging.exchange(), Priority.LOW.wireName(), "{}");
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(depth(queue)).isEqualTo(3));
    assertThat(depth(messaging.deadLetterQueue())).isNotNaN();
  }

  private double depth(String queue) {
    return meters.get("promptly.queue.depth").tag("queue", queue).gauge().value();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private static Instant ago(int seconds) {
    return Instant.now().minusSeconds(seconds);
  }
}
