package dev.promptly.dispatch;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Whether the broker holds the job queues as configured ({@code queueTopology} in the readiness
 * group). Each check declares every queue again with its arguments, which the broker accepts only
 * when an existing queue of that name is equivalent: a classic queue where a quorum one is wanted,
 * or a broker without quorum queues or at-least-once dead-lettering, is reported DOWN with the
 * queue's name and the broker's reason in the status description, and nothing falls back to another
 * type in silence.
 */
class QueueTopologyHealth implements HealthIndicator {
  private static final Logger log = LoggerFactory.getLogger(QueueTopologyHealth.class);

  private static final int PRECONDITION_FAILED = 406;

  private final RabbitTemplate rabbit;
  private final List<Queue> queues;
  private final QueueType type;
  private volatile String lastFailure;

  QueueTopologyHealth(RabbitTemplate rabbit, Declarables topology, QueueType type) {
    this.rabbit = rabbit;
    this.queues = List.copyOf(topology.getDeclarablesByType(Queue.class));
    this.type = type;
  }

  @Override
  public Health health() {
    for (Queue queue : queues) {
      String refusal = refusalOf(queue);
      if (refusal != null) {
        String description =
            "queue %s cannot be declared as %s: %s"
                .formatted(queue.getName(), type.brokerName(), refusal);
        if (!description.equals(lastFailure)) {
          log.error("{}; jobs are not dispatched to this queue until that is fixed", description);
          lastFailure = description;
        }
        return Health.status(new Status(Status.DOWN.getCode(), description)).build();
      }
    }
    lastFailure = null;
    return Health.up().withDetail("type", type.brokerName()).build();
  }

  /** The broker's reason for refusing the declaration, or null when it accepted it. */
  private String refusalOf(Queue queue) {
    try {
      rabbit.execute(
          channel ->
              channel.queueDeclare(
                  queue.getName(),
                  queue.isDurable(),
                  queue.isExclusive(),
                  queue.isAutoDelete(),
                  queue.getArguments()));
      return null;
    } catch (AmqpException e) {
      return brokerReason(e);
    }
  }

  private static String brokerReason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ShutdownSignalException shutdown
          && shutdown.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyCode() == PRECONDITION_FAILED
            ? close.getReplyText()
                + " (a queue of that name exists with another type or arguments: drain and delete"
                + " it, or configure other queue names)"
            : close.getReplyText();
      }
    }
    return "the broker did not answer (" + failure.getMessage() + ")";
  }
}
