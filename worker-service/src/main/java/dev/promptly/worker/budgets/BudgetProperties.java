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
 */
@Validated
@ConfigurationProperties("promptly.budgets")
public record BudgetProperties(@DefaultValue("2m") @NotNull Duration reservationGrace) {
  public BudgetProperties {
    if (reservationGrace.isNegative()) {
      throw new IllegalArgumentException("reservation-grace must not be negative");
    }
  }
}
