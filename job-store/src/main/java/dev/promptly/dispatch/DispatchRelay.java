package dev.promptly.dispatch;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds outbox rows that are due and still unsent (rows whose publish after commit failed or was
 * never tried, delayed dispatches whose time has come) and hands them to the {@link
 * OutboxPublisher}. Each pass claims its rows for a lease, so relays of several processes never
 * take the same row at once; a row that is still unsent when its lease ends is taken again.
 */
public class DispatchRelay {
  private static final Logger log = LoggerFactory.getLogger(DispatchRelay.class);

  private final JobDispatchRepository dispatches;
  private final OutboxPublisher outbox;
  private final MessagingProperties properties;
  private final Clock clock;

  public DispatchRelay(
      JobDispatchRepository dispatches,
      OutboxPublisher outbox,
      MessagingProperties properties,
      Clock clock) {
    this.dispatches = dispatches;
    this.outbox = outbox;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * One relay pass: claims up to a batch of due rows (no more than the publisher has room for) and
   * queues them for publishing.
   *
   * @return how many dispatches were handed to the publisher
   */
  public int relayDue() {
    int room = Math.min(properties.relayBatchSize(), outbox.remainingCapacity());
    if (room == 0) {
      return 0;
    }
    List<JobDispatch> due =
        dispatches.claimDue(
            clock.instant().minus(properties.relayGrace()), room, properties.relayLease());
    int queued = outbox.enqueue(due);
    if (queued > 0) {
      log.info("relay queued {} pending job dispatches", queued);
    }
    return queued;
  }
}
