package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promptly.api.web.ApiException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class DispatchingTransactionsTest {
  private final CountingTransactionManager manager = new CountingTransactionManager();

  @AfterEach
  void clearLogContext() {
    MDC.clear();
  }

  @Test
  void answersOnceCommittedWithoutWaitingForAStuckPublish() throws InterruptedException {
    CountDownLatch publishMayEnd = new CountDownLatch(1);
    CountDownLatch publishEnded = new CountDownLatch(1);
    DispatchingTransactions transactions = withPublishWait(Duration.ofMillis(100));

    String result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                transactions.execute(
                    status -> {
                      afterCommit(
                          () -> {
                            awaitQuietly(publishMayEnd);
                            publishEnded.countDown();
                          });
                      return "job_1";
                    }));

    assertThat(result).isEqualTo("job_1");
    assertThat(manager.commits).hasValue(1);
    assertThat(publishEnded.getCount()).as("the publish is still running").isEqualTo(1);
    publishMayEnd.countDown();
    assertThat(publishEnded.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void waitsForAPublishThatEndsWithinThePublishWait() {
    AtomicBoolean published = new AtomicBoolean();
    DispatchingTransactions transactions = withPublishWait(Duration.ofSeconds(30));

    transactions.execute(
        status -> {
          afterCommit(() -> published.set(true));
          return "job_1";
        });

    assertThat(published).isTrue();
  }

  @Test
  void aFailureBeforeTheCommitReachesTheCallerAndRollsBack() {
    ApiException conflict = ApiException.conflict("idempotency_key_reused", "used");
    DispatchingTransactions transactions = withPublishWait(Duration.ofSeconds(1));

    assertThatThrownBy(
            () ->
                transactions.execute(
                    status -> {
                      throw conflict;
                    }))
        .isSameAs(conflict);
    assertThat(manager.rollbacks).hasValue(1);
    assertThat(manager.commits).hasValue(0);
  }

  @Test
  void aCommitThatFailsReachesTheCaller() {
    manager.commitFailure = new DataAccessResourceFailureException("connection lost");
    AtomicBoolean published = new AtomicBoolean();
    DispatchingTransactions transactions = withPublishWait(Duration.ofSeconds(1));

    assertThatThrownBy(
            () ->
                transactions.execute(
                    status -> {
                      afterCommit(() -> published.set(true));
                      return "job_1";
                    }))
        .isSameAs(manager.commitFailure);
    assertThat(published).isFalse();
  }

  @Test
  void aFailureAfterTheCommitDoesNotReachTheCaller() {
    DispatchingTransactions transactions = withPublishWait(Duration.ofSeconds(5));

    String result =
        transactions.execute(
            status -> {
              afterCommit(
                  () -> {
                    throw new DataAccessResourceFailureException("markSent failed");
                  });
              return "job_1";
            });

    assertThat(result).isEqualTo("job_1");
  }

  @Test
  void theWorkRunsInATransactionWithTheCallersLogContext() {
    MDC.put("request_id", "req-1");
    AtomicReference<String> requestId = new AtomicReference<>();
    AtomicBoolean inTransaction = new AtomicBoolean();
    DispatchingTransactions transactions = withPublishWait(Duration.ofSeconds(1));

    transactions.execute(
        status -> {
          requestId.set(MDC.get("request_id"));
          inTransaction.set(TransactionSynchronizationManager.isSynchronizationActive());
          return null;
        });

    assertThat(requestId).hasValue("req-1");
    assertThat(inTransaction).isTrue();
  }

  private DispatchingTransactions withPublishWait(Duration publishWait) {
    return new DispatchingTransactions(
        new TransactionTemplate(manager),
        new JobsProperties(1000, "default", 5, 120, Duration.ofMillis(200), publishWait));
  }

  private static void afterCommit(Runnable action) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Transactions without a database: enough to drive synchronizations, commit and rollback. */
  private static final class CountingTransactionManager extends AbstractPlatformTransactionManager {
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger rollbacks = new AtomicInteger();
    volatile RuntimeException commitFailure;

    @Override
    protected Object doGetTransaction() {
      return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {}

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
      if (commitFailure != null) {
        throw commitFailure;
      }
      commits.incrementAndGet();
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
      rollbacks.incrementAndGet();
    }
  }
}
