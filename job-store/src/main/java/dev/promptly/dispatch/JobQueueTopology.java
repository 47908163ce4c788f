package dev.promptly.dispatch;

import dev.promptly.model.Priority;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The broker topology. API and workers both declare it, so it must be built in one place: a queue
 * redeclared with different arguments is refused by the broker.
 */
public final class JobQueueTopology {
  private JobQueueTopology() {}

  /**
   * Durable exchange, the job queues bound under the priorities' routing keys, and the dead-letter
   * pair, all of {@link MessagingProperties#queueType()}.
   */
  public static Declarables declarables(MessagingProperties properties) {
    List<Declarable> declarables = new ArrayList<>();
    DirectExchange jobs = new DirectExchange(properties.exchange(), true, false);
    FanoutExchange deadLetters = new FanoutExchange(properties.deadLetterExchange(), true, false);
    Queue deadLetterQueue = typed(QueueBuilder.durable(properties.deadLetterQueue()), properties);
    declarables.add(jobs);
    declarables.add(deadLetters);
    declarables.add(deadLetterQueue);
    declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters));
    switch (properties.queueType()) {
      case CLASSIC -> {
        // One queue, not one per priority: every consumer then serves every priority (no capacity
        // reserved for a priority that has no work), and the broker delivers the highest first.
        Queue queue =
            QueueBuilder.durable(properties.queue())
                .maxPriority(Priority.MAX)
                .deadLetterExchange(properties.deadLetterExchange())
                .build();
        declarables.add(queue);
        for (Priority priority : Priority.values()) {
          declarables.add(BindingBuilder.bind(queue).to(jobs).with(priority.wireName()));
        }
      }
      case QUORUM -> {
        // Quorum queues of RabbitMQ 3.x ignore message priorities, so each priority has its own
        // queue, which every worker consumer subscribes to (see the worker's listener).
        for (Priority priority : Priority.values()) {
          Queue queue =
              QueueBuilder.durable(properties.jobQueue(priority))
                  .quorum()
                  .deadLetterExchange(properties.deadLetterExchange())
                  // At-least-once dead-lettering: the source queue keeps a rejected message until
                  // the dead-letter queue confirms it; it needs reject-publish overflow.
                  .withArgument("x-dead-letter-strategy", "at-least-once")
                  .overflow(QueueBuilder.Overflow.rejectPublish)
                  .build();
          declarables.add(queue);
          declarables.add(BindingBuilder.bind(queue).to(jobs).with(priority.wireName()));
        }
      }
    }
    return new Declarables(declarables);
  }

  private static Queue typed(QueueBuilder builder, MessagingProperties properties) {
    return switch (properties.queueType()) {
      case CLASSIC -> builder.build();
      case QUORUM -> builder.quorum().build();
    };
  }
}
