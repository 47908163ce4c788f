package dev.promptly.worker.budgets;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import dev.promptly.worker.notifications.TenantMemo;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the tenants' budgets. */
@Configuration(proxyBeanMethods = false)
class BudgetsConfiguration {

  /** The channel of V21's trigger on {@code tenant_budgets}. */
  static final String BUDGETS_CHANNEL = "promptly_tenant_budgets";

  @Bean
  TenantMemo<Optional<BudgetLedger.Budget>> budgetLookups(
      PostgresNotifications notifications, BudgetProperties properties) {
    TenantMemo<Optional<BudgetLedger.Budget>> lookups =
        new TenantMemo<>(properties.lookupTtl(), System::nanoTime);
    notifications.subscribe(BUDGETS_CHANNEL, lookups);
    return lookups;
  }

  @Bean
  BudgetLedger budgetLedger(
      JdbcClient jdbc,
      JdbcTemplate template,
      TenantMemo<Optional<BudgetLedger.Budget>> budgetLookups,
      BudgetProperties properties,
      MeterRegistry meters,
      Clock clock) {
    return new BudgetLedger(jdbc, template, budgetLookups, properties, meters, clock);
  }

  @Bean
  BudgetWaits budgetWaits(
      JdbcClient jdbc,
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      PlatformTransactionManager transactionManager,
      PostgresNotifications notifications,
      MeterRegistry meters,
      Clock clock) {
    // The dispatches are published once the connection is back in the pool.
    BudgetWaits waits =
        new BudgetWaits(
            jdbc,
            waiting,
            dispatcher,
            new ReleaseFirstTransactionTemplate(transactionManager),
            meters,
            clock);
    notifications.subscribe(BUDGETS_CHANNEL, waits);
    return waits;
  }

  /** Takes the schema check as a parameter: the sweep reads columns it must find there. */
  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler budgetWaitSweeper(
      BudgetWaits waits, BudgetProperties properties, SchemaCheck schemaCheck) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("budget-waits-");
    scheduler.scheduleWithFixedDelay(waits::sweepSafely, properties.waitSweepInterval());
    return scheduler;
  }

  @Bean
  BudgetGauges budgetGauges(JdbcClient jdbc, Clock clock) {
    return new BudgetGauges(jdbc, clock);
  }
}
