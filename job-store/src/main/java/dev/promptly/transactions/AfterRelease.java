package dev.promptly.transactions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that must follow a commit but need not hold the committed transaction's connection.
 *
 * <p>Spring runs after-commit callbacks before it hands the connection back to the pool, so a
 * broker publish and its confirm, or a Redis write, done there keeps a pooled connection busy for
 * their round trips: under load the pool, not Postgres, sets the rate. Inside {@link
 * #collectingFor}, work registered with {@link #afterCommit} is kept and run once the transaction
 * has ended and its connection is back; anywhere else it runs as a plain after-commit callback.
 */
public final class AfterRelease {
  private static final Logger log = LoggerFactory.getLogger(AfterRelease.class);
  private static final ThreadLocal<List<Runnable>> COLLECTED = new ThreadLocal<>();

  private AfterRelease() {}

  /**
   * Runs {@code work} if and after the current transaction commits: after its connection is
   * released when inside {@link #collectingFor}, else in the after-commit callback.
   *
   * @throws IllegalStateException outside a transaction
   */
  public static void afterCommit(Runnable work) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      throw new IllegalStateException("after-commit work needs a transaction");
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            List<Runnable> collected = COLLECTED.get();
            if (collected == null) {
              work.run();
            } else {
              collected.add(work);
            }
          }
        });
  }

  /**
   * Runs {@code transaction} (which begins and ends a transaction on this thread), then the
   * after-commit work it registered, in registration order. A failing piece of work is logged and
   * does not stop the next: each is bookkeeping that something else redoes (the outbox relay, a
   * cache miss), and none may turn a committed transaction into an error.
   */
  public static <T> T collectingFor(Supplier<T> transaction) {
    if (COLLECTED.get() != null) {
      return transaction.get();
    }
    List<Runnable> collected = new ArrayList<>();
    COLLECTED.set(collected);
    T result;
    try {
      result = transaction.get();
    } finally {
      COLLECTED.remove();
    }
    for (Runnable work : collected) {
      try {
        work.run();
      } catch (RuntimeException e) {
        log.warn("after-commit work failed: {}", e.getMessage());
      }
    }
    return result;
  }
}
