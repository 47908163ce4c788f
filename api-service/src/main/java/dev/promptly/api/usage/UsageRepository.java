package dev.promptly.api.usage;

import dev.promptly.api.usage.UsageResource.Budget;
import dev.promptly.api.usage.UsageResource.DailyUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the usage ledger and the budget of one tenant; the workers write both. */
@Repository
public class UsageRepository {
  private final JdbcClient jdbc;

  UsageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The tenant's calls from {@code from} to {@code to} (UTC days, inclusive), by day and model. */
  public List<DailyUsage> daily(String tenantId, LocalDate from, LocalDate to) {
    return jdbc.sql(
            """
            SELECT (recorded_at AT TIME ZONE 'UTC')::date AS day, model, count(*) AS calls,
                   count(*) FILTER (WHERE cached) AS cached_calls,
                   sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
                   sum(cost_micros) AS cost_micros, sum(saved_micros) AS saved_micros,
                   count(*) FILTER (WHERE cache_hit = 'exact') AS exact_hits,
                   count(*) FILTER (WHERE cache_hit = 'semantic') AS semantic_hits
              FROM usage_ledger
             WHERE tenant_id = :tenant AND recorded_at >= :from AND recorded_at < :until
             GROUP BY day, model
             ORDER BY day, model
            """)
        .param("tenant", tenantId)
        .param("from", startOf(from).atOffset(ZoneOffset.UTC))
        .param("until", startOf(to.plusDays(1)).atOffset(ZoneOffset.UTC))
        .query(
            (rs, row) ->
                new DailyUsage(
                    rs.getObject("day", LocalDate.class),
                    rs.getString("model"),
                    rs.getLong("calls"),
                    rs.getLong("cached_calls"),
                    rs.getLong("prompt_tokens"),
                    rs.getLong("completion_tokens"),
                    rs.getLong("prompt_tokens") + rs.getLong("completion_tokens"),
                    Money.usd(rs.getLong("cost_micros")),
                    Money.usd(rs.getLong("saved_micros")),
                    new UsageResource.CacheHits(
                        rs.getLong("exact_hits"), rs.getLong("semantic_hits"))))
        .list();
  }

  /** What the caches saved the tenant from {@code from} to {@code to}, in micro-dollars. */
  public long savedMicros(String tenantId, LocalDate from, LocalDate to) {
    return jdbc.sql(
            """
            SELECT coalesce(sum(saved_micros), 0) FROM usage_ledger
             WHERE tenant_id = :tenant AND recorded_at >= :from AND recorded_at < :until
            """)
        .param("tenant", tenantId)
        .param("from", startOf(from).atOffset(ZoneOffset.UTC))
        .param("until", startOf(to.plusDays(1)).atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  /**
   * The tenant's budget in the period that holds {@code today}: the workers' running totals, or the
   * ledger's sum when no call has reserved in this period yet.
   */
  public Optional<Budget> budget(String tenantId, LocalDate today) {
    return jdbc.sql(
            """
            SELECT b.period, b.limit_micros,
                   coalesce(p.spent_micros, (
                       SELECT coalesce(sum(cost_micros), 0) FROM usage_ledger
                        WHERE tenant_id = b.tenant_id AND recorded_at >= CASE
                              WHEN b.period = 'daily' THEN :dayStart ELSE :monthStart END)) AS spent,
                   coalesce(p.reserved_micros, 0) AS reserved
              FROM tenant_budgets b
              LEFT JOIN tenant_budget_periods p
                ON p.tenant_id = b.tenant_id AND p.period = b.period
               AND p.period_start = CASE WHEN b.period = 'daily' THEN :day ELSE :month END
             WHERE b.tenant_id = :tenant
            """)
        .param("tenant", tenantId)
        .param("day", today)
        .param("month", today.withDayOfMonth(1))
        .param("dayStart", startOf(today).atOffset(ZoneOffset.UTC))
        .param("monthStart", startOf(today.withDayOfMonth(1)).atOffset(ZoneOffset.UTC))
        .query(
            (rs, row) ->
                new Budget(
                    rs.getString("period"),
                    Money.usd(rs.getLong("limit_micros")),
                    Money.usd(rs.getLong("spent")),
                    Money.usd(rs.getLong("reserved"))))
        .optional();
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
