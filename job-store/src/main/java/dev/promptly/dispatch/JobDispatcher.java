package dev.promptly.dispatch;

import dev.promptly.model.JobMessage;
import dev.promptly.transactions.AfterRelease;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way work is put on the queue: write an outbox row in the caller's transaction, then
 * publish right after commit (after the connection is released, inside {@link
 * AfterRelease#collectingFor}). If the publish fails (broker down, crash in between) the row stays
 * unsent and the {@link DispatchRelay} publishes it later, so committed work is never lost.
 */
public class JobDispatcher {
  private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);

  private final JobDispatchRepository dispatches;
  private final JobPublisher publisher;
  private final TransactionTemplate ownTransaction;
  private final Executor bookkeeping;

  /**
   * @param ownTransaction a template with {@code PROPAGATION_REQUIRES_NEW}: the after-commit {@code
   *     markSent} must not ride on the finished transaction's connection
   * @param bookkeeping runs {@code markSent} off the committing thread, which still holds its
   *     connection during after-commit callbacks: taking a second connection there deadlocks the
   *     pool under a burst of submissions
   */
  public JobDispatcher(
      JobDispatchRepository dispatches,
      JobPublisher publisher,
      TransactionTemplate ownTransaction,
      Executor bookkeeping) {
    if (ownTransaction.getPropagationBehavior() != TransactionDefinition.PROPAGATION_REQUIRES_NEW) {
      throw new IllegalArgumentException("markSent needs a REQUIRES_NEW transaction template");
    }
    this.dispatches = dispatches;
    this.publisher = publisher;
    this.ownTransaction = ownTransaction;
    this.bookkeeping = bookkeeping;
  }

  /**
   * Schedules a job message. Must run inside a transaction; a message due now is published after
   * that transaction commits, a later one is left to the relay.
   */
  public JobDispatch dispatch(
      String jobId,
      String tenantId,
      int attempt,
      String routingKey,
      String traceparent,
      String requestId,
      Instant notBefore,
      Instant now) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("dispatch must run inside a transaction");
    }
    JobDispatch dispatch =
        dispatches.schedule(
            jobId, tenantId, attempt, routingKey, traceparent, requestId, notBefore);
    if (!notBefore.isAfter(now)) {
      AfterRelease.afterCommit(() -> publishNow(dispatch));
    }
    return dispatch;
  }

  /**
   * Publishes a dispatch and, on another thread, marks it sent; on failure leaves it to the relay.
   */
  public boolean publishNow(JobDispatch dispatch) {
    try {
      publisher.publish(dispatch.routingKey(), toMessage(dispatch));
    } catch (PublishFailedException e) {
      log.warn(
          "publish of job {} failed, the relay will retry: {}", dispatch.jobId(), e.getMessage());
      return false;
    }
    // A crash between publish and this update means a second publish by the relay; workers
    // treat the duplicate as a no-op (conditional queued -> running).
    bookkeeping.execute(() -> markSent(dispatch));
    return true;
  }

  private void markSent(JobDispatch dispatch) {
    try {
      ownTransaction.executeWithoutResult(status -> dispatches.markSent(dispatch.id()));
    } catch (RuntimeException e) {
      // The message is on the broker; the relay will publish it once more, and workers drop the
      // duplicate.
      log.warn("could not mark the dispatch of job {} sent: {}", dispatch.jobId(), e.getMessage());
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
}
