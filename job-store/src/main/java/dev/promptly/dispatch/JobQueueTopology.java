package dev.promptly.dispatch;

import dev.promptly.model.Priority;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.Binding;
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
   * Durable exchange, the one durable priority queue bound under every priority's routing key, and
   * the dead-letter pair.
   */
  public static Declarables declarables(MessagingProperties properties) {
    List<Declarable> declarables = new ArrayList<>();
    DirectExchange jobs = new DirectExchange(properties.exchange(), true, false);
    FanoutExchange deadLetters = new FanoutExchange(properties.deadLetterExchange(), true, false);
    Queue deadLetterQueue = QueueBuilder.durable(properties.deadLetterQueue()).build();
    declarables.add(jobs);
    declarables.add(deadLetters);
    declarables.add(deadLetterQueue);
    declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters));
    // One queue, not one per priority: every consumer then serves every priority (no capacity
    // reserved for a priority that has no work), and the broker delivers the highest first.
    Queue queue =
        QueueBuilder.durable(properties.queue())
            .maxPriority(Priority.MAX)
            .deadLetterExchange(properties.deadLetterExchange())
            .build();
    declarables.add(queue);
    for (Priority priority : Priority.values()) {
      Binding binding = BindingBuilder.bind(queue).to(jobs).with(priority.wireName());
      declarables.add(binding);
    }
    return new Declarables(declarables);
  }
}
