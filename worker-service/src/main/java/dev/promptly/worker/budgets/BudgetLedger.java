package dev.promptly.worker.budgets;

import dev.promptly.worker.notifications.TenantMemo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenants' budgets in Postgres: a reservation of the worst case before each model call, settled to
 * the billed cost with the call's ledger row when its attempt ends. All of it in integer
 * micro-dollars, each step one atomic statement.
 */
public class BudgetLedger {
  /** A tenant's budget: its period and its limit in each. */
  record Budget(BudgetPeriod period, long limitMicros) {}

  // Periods whose row this worker has opened: a period row is never deleted, and opening one sums
  // the tenant's ledger for the period, which must not run before every call.
  private static final int MAX_OPENED = 100_000;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TenantMemo<Optional<Budget>> lookups;
  private final Set<String> opened = ConcurrentHashMap.newKeySet();
  private final BudgetProperties properties;
  private final Clock clock;
  private final Counter rejections;

  public BudgetLedger(
      JdbcClient jdbc,
      JdbcTemplate template,
      TenantMemo<Optional<Budget>> lookups,
      BudgetProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.lookups = lookups;
    this.properties = properties;
    this.clock = clock;
    this.rejections =
        Counter.builder("promptly.budget.rejections")
            .description("Model calls refused because they did not fit the tenant's budget")
            .register(meters);
  }

  /**
   * Holds {@code amountMicros} of the tenant's current period for one call.
   *
   * @return empty when the call does not fit: spent + reserved + amount would pass the limit
   */
  public Optional<Reservation> reserve(
      String tenantId, String jobId, int attempt, long amountMicros, Duration callTimeout) {
    Optional<Budget> budget = lookups.valueOf(tenantId, this::budgetOf);
    if (budget.isEmpty()) {
      return Optional.of(Reservation.UNLIMITED);
    }
    Instant now = clock.instant();
    BudgetPeriod period = budget.get().period();
    LocalDate start = period.startOf(now);
    openPeriod(tenantId, period, start, now);
    // Concurrent reservations queue on the period row; each re-checks the condition against the
    // row as the one before it left it, so together they never pass the limit.
    Optional<Long> id =
        jdbc.sql(
                """
                WITH held AS (
                    UPDATE tenant_budget_periods p
                       SET reserved_micros = p.reserved_micros + :amount, updated_at = :now
                      FROM tenant_budgets b
                     WHERE p.tenant_id = :tenant AND p.period = :period AND p.period_start = :start
                       AND b.tenant_id = p.tenant_id AND b.period = p.period
                       AND p.spent_micros + p.reserved_micros + :amount <= b.limit_micros
                 RETURNING p.tenant_id)
                INSERT INTO budget_reservations
                    (tenant_id, period, period_start, job_id, attempt, amount_micros, created_at, expires_at)
                SELECT tenant_id, :period, :start, :job, :attempt, :amount, :now, :expires FROM held
                RETURNING id
                """)
            .param("tenant", tenantId)
            .param("period", period.wireName())
            .param("start", start)
            .param("job", jobId)
            .param("attempt", attempt)
            .param("amount", amountMicros)
            .param("now", utc(now))
            .param("expires", utc(now.plus(callTimeout).plus(properties.reservationGrace())))
            .query(Long.class)
            .optional();
    if (id.isEmpty()) {
      rejections.increment();
    }
    return id.map(held -> new Reservation(held, amountMicros));
  }

  /** Gives back what a call that failed held: it was not billed, so nothing is spent. */
  public void release(Reservation reservation) {
    if (!reservation.isHeld()) {
      return;
    }
    OffsetDateTime now = utc(clock.instant());
    jdbc.sql(
            """
            WITH done AS (
                UPDATE budget_reservations SET settled_at = :now
                 WHERE id = :id AND settled_at IS NULL
             RETURNING tenant_id, period, period_start, amount_micros)
            UPDATE tenant_budget_periods p
               SET reserved_micros = p.reserved_micros - done.amount_micros, updated_at = :now
              FROM done
             WHERE p.tenant_id = done.tenant_id AND p.period = done.period
               AND p.period_start = done.period_start
            """)
        .param("id", reservation.id())
        .param("now", now)
        .update();
  }

  /**
   * Cuts what a call holds down to what it cost, once it has answered; the cost stays reserved, not
   * spent, until {@link #settleAll} charges it with the call's ledger row.
   *
   * @return the reservation as it now stands
   */
  public Reservation reduceTo(Reservation reservation, long costMicros) {
    if (!reservation.isHeld() || costMicros == reservation.amountMicros()) {
      return reservation;
    }
    OffsetDateTime now = utc(clock.instant());
    jdbc.sql(
            """
            WITH cut AS (
                UPDATE budget_reservations SET amount_micros = :cost
                 WHERE id = :id AND settled_at IS NULL
             RETURNING tenant_id, period, period_start)
            UPDATE tenant_budget_periods p
               SET reserved_micros = p.reserved_micros - :freed, updated_at = :now
              FROM cut
             WHERE p.tenant_id = cut.tenant_id AND p.period = cut.period
               AND p.period_start = cut.period_start
            """)
        .param("id", reservation.id())
        .param("cost", costMicros)
        .param("freed", reservation.amountMicros() - costMicros)
        .param("now", now)
        .update();
    return new Reservation(reservation.id(), costMicros);
  }

  /** A call's reservation and what the call cost, to be charged. */
  public record Settlement(Reservation reservation, long costMicros) {}

  /**
   * Charges calls to their tenants' budgets in one statement, in the caller's transaction (the one
   * that writes their ledger rows): each reservation still held is released and its call's cost
   * spent. A reservation the reaper released already (the call outlived it) is charged all the
   * same, so a call that was billed is spent exactly once.
   */
  public void settleAll(List<Settlement> settlements) {
    List<Settlement> held = settlements.stream().filter(s -> s.reservation().isHeld()).toList();
    if (held.isEmpty()) {
      return;
    }
    Long[] ids = held.stream().map(s -> s.reservation().id()).toArray(Long[]::new);
    Long[] costs = held.stream().map(Settlement::costMicros).toArray(Long[]::new);
    OffsetDateTime now = utc(clock.instant());
    // Reservation rows are locked in id order, so two batches (or a batch and the reaper's
    // release) never wait on each other's rows in opposite orders.
    template.execute(
        (Connection connection) -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  """
                  WITH calls AS (
                      SELECT * FROM unnest(?::int8[], ?::int8[]) AS c(id, cost)),
                  locked AS (
                      SELECT r.id, r.tenant_id, r.period, r.period_start, r.amount_micros,
                             r.settled_at IS NULL AS still_held
                        FROM budget_reservations r
                       WHERE r.id IN (SELECT id FROM calls)
                       ORDER BY r.id
                         FOR UPDATE),
                  released AS (
                      UPDATE budget_reservations r SET settled_at = ?
                        FROM locked
                       WHERE r.id = locked.id AND locked.still_held
                   RETURNING r.id),
                  totals AS (
                      SELECT l.tenant_id, l.period, l.period_start, sum(c.cost) AS cost,
                             sum(CASE WHEN l.still_held THEN l.amount_micros ELSE 0 END) AS freed
                        FROM calls c JOIN locked l ON l.id = c.id
                       GROUP BY l.tenant_id, l.period, l.period_start)
                  UPDATE tenant_budget_periods p
                     SET reserved_micros = p.reserved_micros - totals.freed,
                         spent_micros = p.spent_micros + totals.cost, updated_at = ?
                    FROM totals
                   WHERE p.tenant_id = totals.tenant_id AND p.period = totals.period
                     AND p.period_start = totals.period_start
                  """)) {
            statement.setArray(1, connection.createArrayOf("int8", ids));
            statement.setArray(2, connection.createArrayOf("int8", costs));
            statement.setObject(3, now);
            statement.setObject(4, now);
            return statement.executeUpdate();
          }
        });
  }

  /**
   * Releases the reservations of calls whose worker died before settling them.
   *
   * @return how many were released
   */
  public int releaseExpired() {
    return jdbc.sql(
            """
            WITH expired AS (
                UPDATE budget_reservations SET settled_at = :now
                 WHERE settled_at IS NULL AND expires_at < :now
             RETURNING tenant_id, period, period_start, amount_micros),
            totals AS (
                SELECT tenant_id, period, period_start, sum(amount_micros) AS amount
                  FROM expired GROUP BY tenant_id, period, period_start)
            UPDATE tenant_budget_periods p
               SET reserved_micros = p.reserved_micros - totals.amount, updated_at = :now
              FROM totals
             WHERE p.tenant_id = totals.tenant_id AND p.period = totals.period
               AND p.period_start = totals.period_start
            """)
        .param("now", utc(clock.instant()))
        .update();
  }

  private Optional<Budget> budgetOf(String tenantId) {
    return jdbc.sql("SELECT period, limit_micros FROM tenant_budgets WHERE tenant_id = ?")
        .param(tenantId)
        .query((rs, row) -> new Budget(BudgetPeriod.of(rs.getString(1)), rs.getLong(2)))
        .optional();
  }

  // The first call of a period opens its row with what the ledger already holds for it.
  private void openPeriod(String tenantId, BudgetPeriod period, LocalDate start, Instant now) {
    String key = tenantId + '\n' + period.wireName() + '\n' + start;
    if (opened.contains(key)) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO tenant_budget_periods
                (tenant_id, period, period_start, spent_micros, reserved_micros, updated_at)
            SELECT :tenant, :period, :start, coalesce(sum(cost_micros), 0), 0, :now
              FROM usage_ledger
             WHERE tenant_id = :tenant AND recorded_at >= :from AND recorded_at < :to
            ON CONFLICT DO NOTHING
            """)
        .param("tenant", tenantId)
        .param("period", period.wireName())
        .param("start", start)
        .param("now", utc(now))
        .param("from", utc(start.atStartOfDay(ZoneOffset.UTC).toInstant()))
        .param("to", utc(period.endOf(start)))
        .update();
    if (opened.size() >= MAX_OPENED) {
      opened.clear();
    }
    opened.add(key);
  }

  private static OffsetDateTime utc(Instant at) {
    return at.atOffset(ZoneOffset.UTC);
  }
}
