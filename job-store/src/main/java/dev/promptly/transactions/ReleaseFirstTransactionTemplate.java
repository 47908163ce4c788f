package dev.promptly.transactions;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction template whose {@link AfterRelease} work (broker publishes, Redis writes) runs once
 * the transaction's connection is back in the pool, still before {@code execute} returns.
 */
public class ReleaseFirstTransactionTemplate extends TransactionTemplate {

  public ReleaseFirstTransactionTemplate(PlatformTransactionManager transactionManager) {
    super(transactionManager);
  }

  @Override
  public <T> T execute(TransactionCallback<T> action) throws TransactionException {
    return AfterRelease.collectingFor(() -> super.execute(action));
  }
}
