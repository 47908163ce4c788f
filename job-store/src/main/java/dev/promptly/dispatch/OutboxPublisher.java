package dev.promptly.dispatch;

import dev.promptly.batching.BatchingQueue;
import dev.promptly.model.JobMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one publisher of outbox rows. Committed dispatches (new jobs, retries, replays,
 * hand-backs, and what the relay claims) wait in one in-process queue; one drainer thread takes all
 * that waits, up to a batch, sends the batch to the broker, waits for the confirms of the whole
 * batch together, and marks the confirmed rows sent with one statement. Nothing here holds a row
 * lock or a pooled connection while the broker is asked.
 *
 * <p>A row that is not confirmed (nack, return, timeout, broker down) simply stays unsent, and the
 * {@link DispatchRelay} publishes it again later; the queue is bounded, and what does not fit is
 * left to the relay in the same way. So the queue is only a shortcut: losing it (a crash) loses no
 * work, at worst it costs a second publish, which workers drop.
 */
public class OutboxPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

  private final JobPublisher publisher;
  private final JobDispatchRepository dispatches;
  private final MessagingProperties properties;
  private final BatchingQueue<JobDispatch> waiting;

  public OutboxPublisher(
      JobPublisher publisher, JobDispatchRepository dispatches, MessagingProperties properties) {
    this.publisher = publisher;
    this.dispatches = dispatches;
    this.properties = properties;
    // Last: its thread starts at once and uses the fields above.
    this.waiting =
        new BatchingQueue<>(
            "outbox-publisher",
            1,
            properties.publishBatchSize(),
            properties.publisherBacklog(),
            this::publish,
            (batch, e) ->
                // The rows stay unsent for the relay.
                log.warn(
                    "outbox publish of {} dispatches failed: {}", batch.size(), e.getMessage()));
  }

  /**
   * Queues committed dispatches for publishing, without waiting for the broker.
   *
   * @return how many were queued; the others (queue full) are left to the relay
   */
  public int enqueue(Collection<JobDispatch> committed) {
    int queued = 0;
    for (JobDispatch dispatch : committed) {
      if (!waiting.offer(dispatch)) {
        break;
      }
      queued++;
    }
    if (queued < committed.size()) {
      log.debug(
          "outbox publisher backlog full; {} dispatches left to the relay",
          committed.size() - queued);
    }
    return queued;
  }

  /** How many more dispatches fit in the queue now. */
  public int remainingCapacity() {
    return waiting.remainingCapacity();
  }

  /**
   * Publishes a batch on the calling thread and marks what the broker confirmed as sent.
   *
   * @return how many were confirmed
   */
  public int publish(List<JobDispatch> batch) {
    List<JobDispatch> handed = new ArrayList<>(batch.size());
    List<JobPublisher.Sent> sent = new ArrayList<>(batch.size());
    try {
      publisher.onOneChannel(
          channel -> {
            for (JobDispatch dispatch : batch) {
              sent.add(channel.send(dispatch.routingKey(), toMessage(dispatch)));
              handed.add(dispatch);
            }
            return null;
          });
    } catch (PublishFailedException e) {
      // The broker is unreachable: the rest would fail the same way, one timeout each.
      log.warn(
          "broker unreachable, {} dispatches left to the relay: {}",
          batch.size() - handed.size(),
          e.getMessage());
    }
    long deadline = System.nanoTime() + properties.confirmTimeout().toNanos();
    List<Long> confirmed = new ArrayList<>(handed.size());
    int refused = 0;
    String lastRefusal = null;
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).awaitConfirm(Duration.ofNanos(deadline - System.nanoTime()));
        confirmed.add(handed.get(i).id());
      } catch (PublishFailedException e) {
        refused++;
        lastRefusal = e.getMessage();
      }
    }
    if (refused > 0) {
      log.warn("{} dispatches not confirmed, left to the relay: {}", refused, lastRefusal);
    }
    markSent(confirmed);
    return confirmed.size();
  }

  private void markSent(List<Long> confirmed) {
    try {
      dispatches.markSent(confirmed);
    } catch (RuntimeException e) {
      // The messages are on the broker; the relay will publish them once more, and workers drop
      // the duplicates.
      log.warn("could not mark {} dispatches sent: {}", confirmed.size(), e.getMessage());
    }
  }

  static JobMessage toMessage(JobDispatch dispatch) {
    return JobMessage.of(
        dispatch.jobId(),
        dispatch.tenantId(),
        dispatch.attempt(),
        dispatch.traceparent(),
        dispatch.requestId());
  }

  /**
   * Stops the drainer, then publishes what still waits, batch by batch, until the queue is empty or
   * a batch fails (the relay of a live process takes the rest).
   */
  @Override
  public void close() {
    List<JobDispatch> left = waiting.close(properties.confirmTimeout().multipliedBy(2));
    for (int from = 0; from < left.size(); from += properties.publishBatchSize()) {
      List<JobDispatch> batch =
          left.subList(from, Math.min(left.size(), from + properties.publishBatchSize()));
      try {
        if (publish(batch) < batch.size()) {
          return;
        }
      } catch (RuntimeException e) {
        log.warn("outbox publish at shutdown failed: {}", e.getMessage());
        return;
      }
    }
  }
}
