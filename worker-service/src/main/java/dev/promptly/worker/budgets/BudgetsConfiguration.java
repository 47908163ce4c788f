package dev.promptly.worker.budgets;

import dev.promptly.worker.notifications.PostgresNotifications;
import dev.promptly.worker.notifications.TenantMemo;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

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
  BudgetGauges budgetGauges(JdbcClient jdbc, Clock clock) {
    return new BudgetGauges(jdbc, clock);
  }
}
