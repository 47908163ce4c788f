package dev.promptly.worker.budgets;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How workers hold tenants' budgets.
 *
 * @param reservationGrace how long past the call's own timeout an unsettled reservation is kept
 *     before the reaper releases it as belonging to a worker that died
 * @param lookupTtl how long a worker uses a tenant's budget as it last read it; every change also
 *     reaches the workers at once by a Postgres notification, so this only bounds how long a lost
 *     one could last. 0 reads the budget before every model call
 * @param waitSweepInterval how often jobs waiting for budget ({@code on_budget_exhausted: wait})
 *     are checked for a new budget period: one query for all tenants; a raised budget lets its
 *     tenant's jobs go at once, by notification
 */
@Validated
@ConfigurationProperties("promptly.budgets")
public record BudgetProperties(
    @DefaultValue("2m") @NotNull Duration reservationGrace,
    @DefaultValue("60s") @NotNull Duration lookupTtl,
    @DefaultValue("30s") @NotNull Duration waitSweepInterval) {
  public BudgetProperties {
    if (reservationGrace.isNegative()) {
      throw new IllegalArgumentException("reservation-grace must not be negative");
    }
    if (lookupTtl.isNegative()) {
      throw new IllegalArgumentException("lookup-ttl must not be negative");
    }
  }
}
