package dev.promptly.worker.budgets;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.WaitingFor;
import dev.promptly.notifications.PostgresNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets jobs that wait for budget ({@code on_budget_exhausted: wait}) go: all of a tenant's at once
 * when its budget changes (V21's trigger notifies every worker; one takes each job), and those
 * whose wait began in an earlier budget period, or whose tenant no longer has a budget, on a
 * periodic sweep. A job let go gets its message and reserves again; one that still does not fit
 * waits again. No job polls on its own.
 */
public class BudgetWaits implements PostgresNotifications.Subscriber {
  private static final Logger log = LoggerFactory.getLogger(BudgetWaits.class);
  private static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final WaitingJobs waiting;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Counter released;

  BudgetWaits(
      JdbcClient jdbc,
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      MeterRegistry meters,
      Clock clock) {
    this.jdbc = jdbc;
    this.waiting = waiting;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.clock = clock;
    this.released =
        Counter.builder("promptly.worker.jobs.released")
            .description("Waiting jobs let go to run again, by what they waited for")
            .tag("waiting_for", WaitingFor.BUDGET.wireName())
            .register(meters);
  }

  @Override
  public void listening() {
    // A change may have been missed while deaf: look now rather than at the next sweep.
    Thread.ofVirtual().name("budget-waits").start(this::sweepSafely);
  }

  @Override
  public void deaf() {}

  @Override
  public void notified(String tenantId) {
    // Off the notification thread, which must go on listening.
    Thread.ofVirtual().name("budget-waits").start(() -> releaseSafely(tenantId));
  }

  /** Lets go of the waiting jobs of tenants whose budget period has rolled over since. */
  void sweep() {
    for (String tenant : tenantsWithANewPeriod()) {
      release(tenant);
    }
  }

  /** Lets go of every job of the tenant that waits for budget; returns how many. */
  int release(String tenantId) {
    int total = 0;
    int batch;
    do {
      Integer let =
          transactions.execute(
              status -> {
                List<WaitingJobs.Released> woken =
                    waiting.release(tenantId, WaitingFor.BUDGET, BATCH);
                dispatcher.dispatchAll(woken.stream().map(DispatchOrder::letGo).toList());
                return woken.size();
              });
      batch = let == null ? 0 : let;
      total += batch;
    } while (batch == BATCH);
    if (total > 0) {
      released.increment(total);
      log.info("tenant {}: {} jobs waiting for budget let go", tenantId, total);
    }
    return total;
  }

  private List<String> tenantsWithANewPeriod() {
    return jdbc.sql(
            """
            SELECT DISTINCT j.tenant_id
              FROM jobs j LEFT JOIN tenant_budgets b ON b.tenant_id = j.tenant_id
             WHERE j.waiting_for = 'budget'
               AND (b.tenant_id IS NULL
                    OR j.updated_at < date_trunc(CASE b.period WHEN 'daily' THEN 'day'
                                                 ELSE 'month' END, :now::timestamp)
                                      AT TIME ZONE 'UTC')
            """)
        .param("now", clock.instant().atOffset(ZoneOffset.UTC).toLocalDateTime())
        .query(String.class)
        .list();
  }

  void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // Keep the schedule alive through database outages; the next pass tries again.
      log.warn("could not look for jobs whose budget period rolled over: {}", e.getMessage());
    }
  }

  private void releaseSafely(String tenantId) {
    try {
      release(tenantId);
    } catch (RuntimeException e) {
      log.warn(
          "tenant {}: could not let jobs waiting for budget go ({}); the sweep will",
          tenantId,
          e.getMessage());
    }
  }
}
