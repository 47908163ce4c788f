package dev.promptly.dispatch;

import dev.promptly.model.Priority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where job messages go and how the outbox relay runs.
 *
 * @param exchange the direct exchange jobs are published to; the routing key is the priority
 * @param queue with {@code classic}, the one priority queue every job waits in, whatever its
 *     priority, so that every consumer serves every priority and the broker hands out the highest
 *     first; with {@code quorum}, the prefix of the queues {@code <queue>.<priority>}
 * @param queueType {@code classic} (one node's priority queue) or {@code quorum} (replicated on a
 *     cluster, one queue per priority); the broker must be able to declare it, or readiness fails
 * @param legacyQueuePrefix earlier versions kept one queue per priority, named {@code
 *     <legacyQueuePrefix>.<priority>}; workers drain those that still exist
 * @param deadLetterExchange where the broker sends rejected messages
 * @param deadLetterQueue the queue holding rejected (poison) messages
 * @param confirmTimeout how long a publish waits for the broker's confirm
 * @param relayEnabled whether this process runs the outbox relay
 * @param relayInterval pause between relay passes
 * @param relayBatchSize how many due dispatches one relay pass publishes at most
 * @param relayGrace how old an unsent dispatch must be before the relay takes it, so the
 *     publish-after-commit path normally wins and the relay only mops up
 * @param relayLease how long a row the relay claimed is left to its publisher before another relay
 *     may take it; longer than the confirm timeout
 * @param publishBatchSize how many dispatches the outbox publisher sends before it waits for their
 *     confirms together
 * @param publisherBacklog how many committed dispatches may wait in the outbox publisher's queue;
 *     beyond that they wait in the table for the relay
 * @param gaugeMaxAge how long the outbox backlog and queue depth gauges reuse a reading, so scrapes
 *     cost at most one query and one broker call per queue in this time
 */
@Validated
@ConfigurationProperties("promptly.messaging")
public record MessagingProperties(
    @DefaultValue("promptly.jobs") @NotBlank String exchange,
    @DefaultValue("promptly.jobs.ready") @NotBlank String queue,
    @DefaultValue("classic") @NotNull QueueType queueType,
    @DefaultValue("promptly.jobs") @NotBlank String legacyQueuePrefix,
    @DefaultValue("promptly.jobs.dlx") @NotBlank String deadLetterExchange,
    @DefaultValue("promptly.jobs.dlq") @NotBlank String deadLetterQueue,
    @DefaultValue("5s") Duration confirmTimeout,
    @DefaultValue("true") boolean relayEnabled,
    @DefaultValue("500ms") Duration relayInterval,
    @DefaultValue("200") @Positive int relayBatchSize,
    @DefaultValue("2s") Duration relayGrace,
    @DefaultValue("15s") Duration relayLease,
    @DefaultValue("500") @Positive int publishBatchSize,
    @DefaultValue("100000") @Positive int publisherBacklog,
    @DefaultValue("5s") Duration gaugeMaxAge) {

  public MessagingProperties {
    if (relayLease.compareTo(confirmTimeout) <= 0) {
      throw new IllegalArgumentException(
          "promptly.messaging.relay-lease must exceed confirm-timeout");
    }
  }

  /**
   * The queues jobs wait in, highest priority first: the one priority queue with {@code classic},
   * {@code <queue>.<priority>} for each priority with {@code quorum}.
   */
  public List<String> jobQueues() {
    return switch (queueType) {
      case CLASSIC -> List.of(queue);
      case QUORUM -> Arrays.stream(Priority.values()).map(this::jobQueue).toList().reversed();
    };
  }

  /** The queue jobs of {@code priority} wait in. */
  public String jobQueue(Priority priority) {
    return switch (queueType) {
      case CLASSIC -> queue;
      case QUORUM -> queue + "." + priority.wireName();
    };
  }

  /** The per-priority queues of earlier versions, e.g. {@code promptly.jobs.normal}. */
  public List<String> legacyQueues() {
    return Arrays.stream(Priority.values())
        .map(priority -> legacyQueuePrefix + "." + priority.wireName())
        .toList();
  }
}
