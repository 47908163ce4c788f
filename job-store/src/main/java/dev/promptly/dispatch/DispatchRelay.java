package dev.promptly.dispatch;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows that are due and still unsent: rows whose after-commit publish failed, and
 * delayed dispatches whose time has come.
 */
public class DispatchRelay {
  private static final Logger log = LoggerFactory.getLogger(DispatchRelay.class);

  private final JobDispatchRepository dispatches;
  private final JobPublisher publisher;
  private final TransactionTemplate transactions;
  private final MessagingProperties properties;
  private final Clock clock;

  public DispatchRelay(
      JobDispatchRepository dispatches,
      JobPublisher publisher,
      TransactionTemplate transactions,
      MessagingProperties properties,
      Clock clock) {
    this.dispatches = dispatches;
    this.publisher = publisher;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * One relay pass. Rows stay locked while they are published, so no other relay publishes them at
   * the same time; a row whose publish fails stays unsent for the next pass.
   *
   * @return how many dispatches were published
   */
  public int relayDue() {
    Integer published =
        transactions.execute(
            status -> {
              List<JobDispatch> due =
                  dispatches.lockDue(
                      clock.instant().minus(properties.relayGrace()), properties.relayBatchSize());
              int sent = 0;
              for (JobDispatch dispatch : due) {
                try {
                  publisher.publish(dispatch.routingKey(), JobDispatcher.toMessage(dispatch));
                } catch (PublishFailedException e) {
                  log.warn("relay could not publish job {}: {}", dispatch.jobId(), e.getMessage());
                  break;
                }
                dispatches.markSent(dispatch.id());
                sent++;
              }
              return sent;
            });
    if (published != null && published > 0) {
      log.info("relay published {} pending job dispatches", published);
    }
    return published == null ? 0 : published;
  }
}
