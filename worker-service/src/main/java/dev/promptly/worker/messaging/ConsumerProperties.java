package dev.promptly.worker.messaging;

import dev.promptly.model.Priority;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker consumes the job queues.
 *
 * @param concurrency how many jobs this worker runs at once, over all priorities; each waits on the
 *     model in a virtual thread
 * @param highShare percent of {@code concurrency} consuming the high-priority queue
 * @param normalShare percent of {@code concurrency} consuming the normal-priority queue; low gets
 *     the rest
 * @param prefetch unacknowledged messages the broker hands each consumer; 1 keeps waiting work on
 *     the broker, where another worker can take it
 * @param shutdownGrace how long in-flight jobs may run on after shutdown begins before their
 *     messages are handed back to the broker
 * @param requeueDelay how long a message whose handling failed in our own infrastructure (e.g. the
 *     database is down) waits before it is handed back; doubles while failures continue
 * @param maxRequeueDelay the longest such wait
 */
@Validated
@ConfigurationProperties("promptly.worker")
public record ConsumerProperties(
    @DefaultValue("256") @Min(3) int concurrency,
    @DefaultValue("50") @Min(0) @Max(100) int highShare,
    @DefaultValue("35") @Min(0) @Max(100) int normalShare,
    @DefaultValue("1") @Positive int prefetch,
    @DefaultValue("30s") @NotNull Duration shutdownGrace,
    @DefaultValue("1s") @NotNull Duration requeueDelay,
    @DefaultValue("30s") @NotNull Duration maxRequeueDelay) {

  public ConsumerProperties {
    if (highShare + normalShare > 100) {
      throw new IllegalArgumentException("high-share + normal-share must not exceed 100");
    }
  }

  /** Consumers for one priority's queue; every queue gets at least one. */
  public int consumersFor(Priority priority) {
    // Each bound leaves at least one consumer for the queues after it.
    int high = Math.max(1, Math.min(concurrency - 2, Math.round(concurrency * highShare / 100f)));
    int normal =
        Math.max(1, Math.min(concurrency - 1 - high, Math.round(concurrency * normalShare / 100f)));
    return switch (priority) {
      case HIGH -> high;
      case NORMAL -> normal;
      case LOW -> concurrency - high - normal;
    };
  }
}
