package dev.promptly.dispatch;

import dev.promptly.transactions.AfterRelease;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one way work is put on the queue: write outbox rows in the caller's transaction; once it
 * commits, the rows that are due go to the process's {@link OutboxPublisher}, which publishes them
 * in batches. Rows due later, and any the publisher could not get confirmed (broker down, crash in
 * between), are published by the {@link DispatchRelay}, so committed work is never lost.
 */
public class JobDispatcher {
  private final JobDispatchRepository dispatches;
  private final OutboxPublisher outbox;
  private final Clock clock;

  public JobDispatcher(JobDispatchRepository dispatches, OutboxPublisher outbox, Clock clock) {
    this.dispatches = dispatches;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Schedules one job message; see {@link #dispatchAll}. */
  public JobDispatch dispatch(DispatchOrder order) {
    return dispatchAll(List.of(order)).getFirst();
  }

  /**
   * Schedules job messages with one statement. Must run inside a transaction; messages due now are
   * handed to the publisher after that transaction commits (never if it rolls back), later ones are
   * left to the relay.
   *
   * @return the outbox rows, in the order of {@code orders}
   */
  public List<JobDispatch> dispatchAll(List<DispatchOrder> orders) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("dispatch must run inside a transaction");
    }
    List<JobDispatch> scheduled = dispatches.scheduleAll(orders);
    Instant now = clock.instant();
    List<JobDispatch> due =
        scheduled.stream().filter(dispatch -> !dispatch.notBefore().isAfter(now)).toList();
    if (!due.isEmpty()) {
      // In registration order with the transition's own after-commit work (its status cache
      // write), so a message is never out before the state that it follows is cached.
      AfterRelease.afterCommit(() -> outbox.enqueue(due));
    }
    return scheduled;
  }
}
