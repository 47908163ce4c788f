package dev.promptly.worker.leases;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.worker.attempts.AttemptLog;
import dev.promptly.worker.attempts.AttemptMetrics;
import dev.promptly.worker.attempts.DeadLetters;
import dev.promptly.worker.attempts.FailurePolicy;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.calls.InFlightJobs;
import dev.promptly.worker.schema.SchemaCheck;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the leases of the jobs this worker runs alive (the heartbeat), and hands back the jobs of
 * workers that stopped doing so (the reaper). Each runs on a virtual thread of its own, so a slow
 * database delays neither the other nor the consumers.
 */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LeaseConfiguration.class);

  @Bean
  WorkerId workerId() {
    WorkerId id = WorkerId.forThisProcess();
    log.info("worker id {}", id);
    return id;
  }

  @Bean
  Heartbeat heartbeat(
      InFlightJobs inFlight,
      JdbcClient jdbc,
      LeaseProperties lease,
      WorkerId workerId,
      Clock clock) {
    return new Heartbeat(inFlight, jdbc, lease, workerId, clock);
  }

  @Bean
  LeaseReaper leaseReaper(
      JobRepository jobs,
      JobDispatcher dispatcher,
      FailurePolicy policy,
      AttemptLog attemptLog,
      DeadLetters deadLetters,
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      ReaperProperties properties,
      JobMetrics metrics,
      AttemptMetrics attemptMetrics,
      Clock clock) {
    return new LeaseReaper(
        jobs,
        attemptLog,
        deadLetters,
        policy,
        dispatcher,
        new TransactionTemplate(transactionManager),
        jdbc,
        properties,
        metrics,
        attemptMetrics,
        clock);
  }

  /** Takes the schema check as a parameter: the reaper reads tables it must find there. */
  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler reaperScheduler(
      LeaseReaper reaper,
      BudgetLedger budgets,
      ReaperProperties properties,
      SchemaCheck schemaCheck) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("lease-reaper-");
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            reaper.reapExpired();
            // Reservations of calls whose worker died would otherwise hold budget forever.
            budgets.releaseExpired();
          } catch (RuntimeException e) {
            // Keep the schedule alive through database outages; the next pass tries again.
            log.warn("lease reaper pass failed: {}", e.getMessage());
          }
        },
        properties.interval());
    return scheduler;
  }
}
