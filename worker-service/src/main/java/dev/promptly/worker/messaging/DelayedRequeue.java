package dev.promptly.worker.messaging;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * Hands a message back to the broker some time after our own infrastructure failed to handle it,
 * without holding a thread meanwhile. Requeueing at once would spin the message through every
 * consumer as fast as the database can refuse connections; while it waits unacked, the consumer's
 * prefetch is used up, so that consumer takes no new work either.
 */
class DelayedRequeue {
  private static final Logger log = LoggerFactory.getLogger(DelayedRequeue.class);

  private final TaskScheduler scheduler;
  private final ConsumerProperties properties;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();

  DelayedRequeue(TaskScheduler scheduler, ConsumerProperties properties) {
    this.scheduler = scheduler;
    this.properties = properties;
  }

  void requeueLater(Channel channel, long deliveryTag) {
    Duration delay = delayFor(consecutiveFailures.incrementAndGet());
    scheduler.schedule(
        () -> nack(channel, deliveryTag), scheduler.getClock().instant().plus(delay));
  }

  /** Handling worked again: the next failure starts from the shortest delay. */
  void reset() {
    consecutiveFailures.set(0);
  }

  Duration delayFor(int failures) {
    Duration delay = properties.requeueDelay();
    for (int i = 1; i < failures && delay.compareTo(properties.maxRequeueDelay()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(properties.maxRequeueDelay()) > 0 ? properties.maxRequeueDelay() : delay;
  }

  private static void nack(Channel channel, long deliveryTag) {
    try {
      if (channel.isOpen()) {
        channel.basicNack(deliveryTag, false, true);
      }
    } catch (IOException | RuntimeException e) {
      // A closed channel hands its unacked messages back by itself.
      log.debug("requeue of delivery {} skipped: {}", deliveryTag, e.getMessage());
    }
  }
}
