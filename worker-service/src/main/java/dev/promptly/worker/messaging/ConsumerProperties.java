package dev.promptly.worker.messaging;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker consumes the job queues.
 *
 * @param concurrency how many jobs this worker runs at once, of any priority: one consumer of the
 *     job queue each, waiting on the model in a virtual thread
 * @param prefetch unacknowledged messages the broker hands each consumer; 1 keeps waiting work on
 *     the broker, where another worker can take it and where a later high-priority job still
 *     overtakes it
 * @param shutdownGrace how long in-flight jobs may run on after shutdown begins before their
 *     messages are handed back to the broker
 * @param requeueDelay how long a message whose handling failed in our own infrastructure (e.g. the
 *     database is down) waits before it is handed back; doubles while failures continue
 * @param maxRequeueDelay the longest such wait
 */
@Validated
@ConfigurationProperties("promptly.worker")
public record ConsumerProperties(
    @DefaultValue("256") @Positive int concurrency,
    @DefaultValue("1") @Positive int prefetch,
    @DefaultValue("30s") @NotNull Duration shutdownGrace,
    @DefaultValue("1s") @NotNull Duration requeueDelay,
    @DefaultValue("30s") @NotNull Duration maxRequeueDelay) {}
