package dev.promptly.dispatch;

import dev.promptly.metrics.SampledValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;

/**
 * What waits before a worker can take it: the outbox backlog (rows due but not on the broker) and
 * the depth of each job queue and the dead-letter queue. Every replica reports the same numbers, so
 * dashboards take {@code max} over instances.
 */
final class DispatchGauges implements MeterBinder {
  private final JobDispatchRepository dispatches;
  private final AmqpAdmin admin;
  private final MessagingProperties properties;
  private final Clock clock;

  DispatchGauges(
      JobDispatchRepository dispatches,
      AmqpAdmin admin,
      MessagingProperties properties,
      Clock clock) {
    this.dispatches = dispatches;
    this.admin = admin;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry meters) {
    Duration maxAge = properties.gaugeMaxAge();
    SampledValue pending =
        new SampledValue("outbox backlog", () -> dispatches.countDueUnsent(), maxAge, clock);
    SampledValue oldest =
        new SampledValue(
            "outbox age", () -> dispatches.oldestDueUnsentAge().toMillis() / 1000.0, maxAge, clock);
    Gauge.builder("promptly.outbox.pending", pending, SampledValue::getAsDouble)
        .strongReference(true)
        .description("Outbox rows that are due but not yet on the broker")
        .register(meters);
    Gauge.builder("promptly.outbox.oldest.age", oldest, SampledValue::getAsDouble)
        .strongReference(true)
        .description("How long the oldest due outbox row has waited for the broker")
        .baseUnit("seconds")
        .register(meters);
    for (String queue : queues(properties)) {
      SampledValue depth =
          new SampledValue("depth of " + queue, () -> depthOf(admin, queue), maxAge, clock);
      Gauge.builder("promptly.queue.depth", depth, SampledValue::getAsDouble)
          .strongReference(true)
          .description("Messages ready in a job queue (or the dead-letter queue)")
          .tag("queue", queue)
          .register(meters);
    }
  }

  static List<String> queues(MessagingProperties properties) {
    List<String> queues = new ArrayList<>(properties.jobQueues());
    queues.add(properties.deadLetterQueue());
    return queues;
  }

  private static double depthOf(AmqpAdmin admin, String queue) {
    QueueInformation info = admin.getQueueInfo(queue);
    if (info == null) {
      throw new IllegalStateException("queue " + queue + " does not exist");
    }
    return info.getMessageCount();
  }
}
