package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.transactions.AfterRelease;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

class AfterReleaseIT extends JobStoreIT {
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired DataSource dataSource;

  private final List<String> seen = new CopyOnWriteArrayList<>();

  @Test
  void collectedWorkRunsOnceTheConnectionIsBackInThePool() {
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);

    AfterRelease.collectingFor(
        () ->
            transactions.execute(
                status -> {
                  jdbc.sql("SELECT 1").query(Integer.class).single();
                  AfterRelease.afterCommit(this::recordConnectionState);
                  return null;
                }));

    assertThat(seen).containsExactly("connection held=false");
  }

  @Test
  void theReleaseFirstTemplateCollectsForEachTransaction() {
    new ReleaseFirstTransactionTemplate(transactionManager)
        .executeWithoutResult(
            status -> {
              jdbc.sql("SELECT 1").query(Integer.class).single();
              AfterRelease.afterCommit(this::recordConnectionState);
            });

    assertThat(seen).containsExactly("connection held=false");
  }

  @Test
  void outsideCollectingItIsAPlainAfterCommitCallback() {
    new TransactionTemplate(transactionManager)
        .executeWithoutResult(
            status -> {
              jdbc.sql("SELECT 1").query(Integer.class).single();
              AfterRelease.afterCommit(this::recordConnectionState);
              assertThat(seen).isEmpty();
            });

    assertThat(seen).containsExactly("connection held=true");
  }

  @Test
  void workRunsInOrderAndAFailureDoesNotStopTheNext() {
    AfterRelease.collectingFor(
        () ->
            new TransactionTemplate(transactionManager)
                .execute(
                    status -> {
                      AfterRelease.afterCommit(() -> seen.add("cache"));
                      AfterRelease.afterCommit(
                          () -> {
                            throw new IllegalStateException("broker down");
                          });
                      AfterRelease.afterCommit(() -> seen.add("publish"));
                      return null;
                    }));

    assertThat(seen).containsExactly("cache", "publish");
  }

  @Test
  void aRolledBackTransactionRunsNothing() {
    assertThatThrownBy(
            () ->
                AfterRelease.collectingFor(
                    () ->
                        new TransactionTemplate(transactionManager)
                            .execute(
                                status -> {
                                  AfterRelease.afterCommit(() -> seen.add("publish"));
                                  throw new IllegalArgumentException("bad input");
                                })))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(seen).isEmpty();
  }

  @Test
  void refusesWorkOutsideATransaction() {
    assertThatThrownBy(() -> AfterRelease.afterCommit(() -> seen.add("x")))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Whether this thread still holds the transaction's connection (it is unbound on release). */
  private void recordConnectionState() {
    seen.add("connection held=" + TransactionSynchronizationManager.hasResource(dataSource));
  }
}
