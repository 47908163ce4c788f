package dev.promptly.api.dashboard;

import dev.promptly.dispatch.JobDispatchRepository;
import dev.promptly.dispatch.MessagingProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * What waits for a worker across all tenants, from where the {@code promptly_queue_depth} and
 * {@code promptly_outbox_pending} gauges read it: the broker's queues and the outbox table. For the
 * admin key only, since it counts every tenant's work.
 */
@Component
class QueueDepths {
  private final AmqpAdmin amqp;
  private final MessagingProperties messaging;
  private final JobDispatchRepository dispatches;

  QueueDepths(AmqpAdmin amqp, MessagingProperties messaging, JobDispatchRepository dispatches) {
    this.amqp = amqp;
    this.messaging = messaging;
    this.dispatches = dispatches;
  }

  /** Messages ready in one queue; null when the broker did not answer. */
  record Depth(String queue, Long messages) {}

  List<Depth> queues() {
    List<Depth> depths = new ArrayList<>();
    messaging.jobQueues().forEach(queue -> depths.add(depthOf(queue)));
    depths.add(depthOf(messaging.deadLetterQueue()));
    return depths;
  }

  long outboxBacklog() {
    return dispatches.countDueUnsent();
  }

  private Depth depthOf(String queue) {
    try {
      QueueInformation info = amqp.getQueueInfo(queue);
      return new Depth(queue, info == null ? null : (long) info.getMessageCount());
    } catch (AmqpException e) {
      return new Depth(queue, null);
    }
  }
}
