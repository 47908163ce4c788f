package dev.promptly.worker.budgets;

import dev.promptly.notifications.PostgresNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the tenants' budgets. */
@Configuration(proxyBeanMethods = false)
class BudgetsConfiguration {

  @Bean
  BudgetLookups budgetLookups(PostgresNotifications notifications, BudgetProperties properties) {
    BudgetLookups lookups = new BudgetLookups(properties.lookupTtl(), System::nanoTime);
    notifications.subscribe(BudgetLookups.CHANNEL, lookups);
    return lookups;
  }

  @Bean
  BudgetLedger budgetLedger(
      JdbcClient jdbc,
      JdbcTemplate template,
      BudgetLookups lookups,
      BudgetProperties properties,
      MeterRegistry meters,
      Clock clock) {
    return new BudgetLedger(jdbc, template, lookups, properties, meters, clock);
  }

  @Bean
  BudgetGauges budgetGauges(JdbcClient jdbc, Clock clock) {
    return new BudgetGauges(jdbc, clock);
  }
}
