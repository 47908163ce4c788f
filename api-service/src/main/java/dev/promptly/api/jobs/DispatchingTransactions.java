package dev.promptly.api.jobs;

import dev.promptly.transactions.AfterRelease;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the transactions that put a job on the queue (submission, replay) so that a slow or
 * unreachable broker cannot hold the request. The {@code JobDispatcher} publishes after commit on
 * the committing thread (once its connection is back in the pool: {@link AfterRelease}), so the
 * transaction runs on a virtual thread of its own: the caller gets the result as soon as it commits
 * and waits for the publish only up to {@code promptly.jobs.publish-wait}. A publish that takes
 * longer finishes in the background; one that fails leaves the outbox row unsent for the relay.
 * Either way the job is stored before the caller answers.
 */
@Component
public class DispatchingTransactions {
  private static final Logger log = LoggerFactory.getLogger(DispatchingTransactions.class);
  private static final ThreadFactory THREADS =
      Thread.ofVirtual().name("dispatching-transaction-", 0).factory();

  private final TransactionTemplate transactions;
  private final JobsProperties properties;

  public DispatchingTransactions(TransactionTemplate transactions, JobsProperties properties) {
    this.transactions = transactions;
    this.properties = properties;
  }

  /**
   * Runs {@code work} in a new transaction and returns its result once committed.
   *
   * @throws RuntimeException whatever {@code work}, the commit or the connection threw before the
   *     commit; nothing after the commit reaches the caller
   */
  public <T> T execute(TransactionCallback<T> work) {
    CompletableFuture<T> committed = new CompletableFuture<>();
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    Thread thread = THREADS.newThread(() -> run(work, committed, logContext));
    thread.start();
    T result = awaitCommit(committed);
    awaitAfterCommitWork(thread);
    return result;
  }

  private <T> void run(
      TransactionCallback<T> work, CompletableFuture<T> committed, Map<String, String> logContext) {
    if (logContext != null) {
      MDC.setContextMap(logContext);
    }
    try {
      // After-commit work (publish, cache write) runs once the connection is back in the pool.
      AfterRelease.collectingFor(
          () ->
              transactions.execute(
                  status -> {
                    AtomicReference<T> result = new AtomicReference<>();
                    // Registered first, so the caller is released as soon as the commit is done.
                    TransactionSynchronizationManager.registerSynchronization(
                        new TransactionSynchronization() {
                          @Override
                          public void afterCommit() {
                            committed.complete(result.get());
                          }
                        });
                    T value = work.doInTransaction(status);
                    result.set(value);
                    return value;
                  }));
    } catch (RuntimeException | Error e) {
      if (!committed.completeExceptionally(e)) {
        // After the commit the work is stored; what failed is bookkeeping the relay redoes.
        log.warn("after-commit work failed: {}", e.getMessage());
      }
    } finally {
      MDC.clear();
    }
  }

  private static <T> T awaitCommit(CompletableFuture<T> committed) {
    try {
      return committed.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a commit", e);
    }
  }

  private void awaitAfterCommitWork(Thread thread) {
    try {
      if (!thread.join(properties.publishWait())) {
        log.debug("publish still running after {}; answering anyway", properties.publishWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
