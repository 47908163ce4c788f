package dev.promptly.worker.attempts;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.JobMessage;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.claims.RunOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds a job back without touching it: its message goes back to the outbox, due later, and the job
 * keeps its status and its attempts.
 */
public class Postponements {
  private static final Logger log = LoggerFactory.getLogger(Postponements.class);

  private final WaitingJobs waiting;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final Clock clock;

  Postponements(
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      Clock clock) {
    this.waiting = waiting;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.clock = clock;
  }

  public RunOutcome postpone(
      JobRecord job, JobMessage message, Duration wait, WaitingFor waitingFor, String reason) {
    Instant now = clock.instant();
    // The same attempt number: a retry_scheduled job must still accept the message.
    transactions.executeWithoutResult(
        status -> {
          waiting.markWaiting(job.id(), job.status(), waitingFor);
          dispatcher.dispatch(
              DispatchOrder.following(message, job, message.attempt()).notBefore(now.plus(wait)));
        });
    log.info("job {}: {}; held back for {} ms", job.id(), reason, wait.toMillis());
    return RunOutcome.DELAYED;
  }
}
