package dev.promptly.dispatch;

/**
 * The kind of RabbitMQ queue jobs wait in ({@code promptly.messaging.queue-type}).
 *
 * <p>{@link #CLASSIC}: one priority queue ({@code x-max-priority}) on one node, where the broker
 * hands out the highest priority first. {@link #QUORUM}: Raft-replicated queues, which survive the
 * loss of a minority of a cluster's nodes; RabbitMQ 3.x quorum queues have no message priorities
 * (4.0 has two levels, fewer than ours), so each priority gets a quorum queue of its own.
 */
public enum QueueType {
  CLASSIC,
  QUORUM;

  /** The {@code x-queue-type} argument the broker knows this type by. */
  public String brokerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
