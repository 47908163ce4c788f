package dev.promptly.worker.budgets;

import dev.promptly.metrics.SampledValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How close tenants are to their budgets, without a series per tenant: the largest share of a
 * current period's limit that is spent or reserved, over all tenants with a budget, and how many
 * tenants have used {@value #NEAR_LIMIT} or more. The tenant itself is found with {@code GET
 * /v1/admin/...} or the usage table; the alert only has to say that one is close.
 */
class BudgetGauges implements MeterBinder {
  static final double NEAR_LIMIT = 0.8;
  private static final Duration MAX_AGE = Duration.ofSeconds(15);

  private final JdbcClient jdbc;
  private final Clock clock;

  BudgetGauges(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry meters) {
    Gauge.builder(
            "promptly.budget.used.ratio.max",
            new SampledValue("budget use", () -> largestShareUsed(), MAX_AGE, clock),
            SampledValue::getAsDouble)
        .description("Largest share of a tenant's current budget that is spent or reserved")
        .strongReference(true)
        .register(meters);
    Gauge.builder(
            "promptly.budget.tenants.near.limit",
            new SampledValue("tenants near limit", () -> tenantsNearLimit(), MAX_AGE, clock),
            SampledValue::getAsDouble)
        .description("Tenants that have spent or reserved 80% or more of their current budget")
        .strongReference(true)
        .register(meters);
  }

  double largestShareUsed() {
    return jdbc.sql("SELECT COALESCE(max(used), 0) FROM (" + USED_SHARES + ") shares")
        .params(periodStarts())
        .query(Double.class)
        .single();
  }

  double tenantsNearLimit() {
    return jdbc.sql("SELECT count(*) FROM (" + USED_SHARES + ") shares WHERE used >= :near")
        .params(periodStarts())
        .param("near", NEAR_LIMIT)
        .query(Double.class)
        .single();
  }

  // A tenant whose budget is zero has used all of it.
  private static final String USED_SHARES =
      """
      SELECT CASE WHEN b.limit_micros = 0 THEN 1.0
                  ELSE (p.spent_micros + p.reserved_micros)::float8 / b.limit_micros END AS used
        FROM tenant_budgets b
        JOIN tenant_budget_periods p ON p.tenant_id = b.tenant_id AND p.period = b.period
       WHERE p.period_start = CASE b.period WHEN 'daily' THEN :today ELSE :month END
      """;

  private Map<String, Object> periodStarts() {
    Instant now = clock.instant();
    return Map.of(
        "today", BudgetPeriod.DAILY.startOf(now), "month", BudgetPeriod.MONTHLY.startOf(now));
  }
}
