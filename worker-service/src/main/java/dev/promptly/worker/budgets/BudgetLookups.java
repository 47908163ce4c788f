package dev.promptly.worker.budgets;

import dev.promptly.notifications.PostgresNotifications;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Tenants' budgets (period and limit) as this worker last read them, so that a model call of a
 * tenant does not read its budget first: the row changes only when an admin changes it. A trigger
 * on {@code tenant_budgets} notifies every worker of each change when it commits, and the tenant's
 * entry is dropped; an entry is also read again after {@code promptly.budgets.lookup-ttl}. While
 * the notification connection is down, nothing is remembered and every lookup reads the database.
 */
final class BudgetLookups implements PostgresNotifications.Subscriber {
  static final String CHANNEL = "promptly_tenant_budgets";

  /** A tenant's budget as read, empty for none, and when it was read (ticker nanoseconds). */
  private record Entry(Optional<BudgetLedger.Budget> budget, long readAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  // Counts every invalidation: a value read before one is not stored after it.
  private final AtomicLong invalidations = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier ticker;
  private volatile boolean listening;

  BudgetLookups(Duration ttl, LongSupplier ticker) {
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
  }

  /** The tenant's budget, from memory while it is known to be current, else from {@code read}. */
  Optional<BudgetLedger.Budget> budgetOf(
      String tenantId, Function<String, Optional<BudgetLedger.Budget>> read) {
    if (!listening || ttlNanos == 0) {
      return read.apply(tenantId);
    }
    long now = ticker.getAsLong();
    Entry entry = entries.get(tenantId);
    if (entry != null && now - entry.readAt() < ttlNanos) {
      return entry.budget();
    }
    long seen = invalidations.get();
    Optional<BudgetLedger.Budget> budget = read.apply(tenantId);
    if (listening && invalidations.get() == seen) {
      entries.put(tenantId, new Entry(budget, now));
    }
    return budget;
  }

  /** Whether budgets are remembered now: the notification connection is up. */
  boolean isListening() {
    return listening;
  }

  @Override
  public void listening() {
    invalidateAll();
    listening = true;
  }

  @Override
  public void deaf() {
    listening = false;
    invalidateAll();
  }

  @Override
  public void notified(String tenantId) {
    invalidations.incrementAndGet();
    entries.remove(tenantId);
  }

  private void invalidateAll() {
    invalidations.incrementAndGet();
    entries.clear();
  }
}
