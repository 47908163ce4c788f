package dev.promptly.worker.attempts;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.leases.WorkerId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires how attempts end: the failure policy, the completer and the tables an ending writes. */
@Configuration(proxyBeanMethods = false)
class AttemptsConfiguration {

  @Bean
  RetryBackoff retryBackoff(RetryProperties properties) {
    return new RetryBackoff(properties);
  }

  @Bean
  FailurePolicy failurePolicy(RetryBackoff backoff) {
    return new FailurePolicy(backoff);
  }

  @Bean
  AttemptMetrics attemptMetrics(MeterRegistry meters) {
    return new AttemptMetrics(meters);
  }

  @Bean
  AttemptLog attemptLog(JdbcClient jdbc, JdbcTemplate template) {
    return new AttemptLog(jdbc, template);
  }

  @Bean
  DeadLetters deadLetters(JdbcClient jdbc) {
    return new DeadLetters(jdbc);
  }

  /** Ends attempts in batches; closed after the listeners have stopped and finished their jobs. */
  @Bean(destroyMethod = "close")
  JobCompleter jobCompleter(
      PlatformTransactionManager transactionManager,
      AttemptLog attemptLog,
      BudgetLedger budgets,
      JdbcTemplate template,
      CompleterProperties properties) {
    UsageLedger ledger = new UsageLedger(template);
    // The batch's Redis writes and outbox hand-overs run after its connection is back.
    return new JobCompleter(
        new ReleaseFirstTransactionTemplate(transactionManager),
        () -> new EndingRows(attemptLog, ledger, budgets),
        properties);
  }

  @Bean
  EndingWriter endingWriter(
      JobRepository jobs,
      AttemptLog attemptLog,
      DeadLetters deadLetters,
      JobDispatcher dispatcher,
      JobCompleter completer,
      AttemptMetrics attemptMetrics,
      WorkerId workerId,
      Clock clock) {
    return new EndingWriter(
        jobs, attemptLog, deadLetters, dispatcher, completer, attemptMetrics, workerId, clock);
  }

  /** A snoozed job's message goes back to the outbox once the connection is back in the pool. */
  @Bean
  Postponements postponements(
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    return new Postponements(
        waiting, dispatcher, new ReleaseFirstTransactionTemplate(transactionManager), clock);
  }
}
