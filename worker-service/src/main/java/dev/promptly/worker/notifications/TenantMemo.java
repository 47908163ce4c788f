package dev.promptly.worker.notifications;

import dev.promptly.notifications.PostgresNotifications;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A setting of each tenant (its budget, its concurrency cap) as this worker last read it, so that a
 * job of a tenant does not read it first: the row changes only when an admin changes it. A trigger
 * on the setting's table notifies every worker of each change when it commits, with the tenant's
 * id, and the tenant's entry is dropped; an entry is also read again after {@code ttl}. While the
 * notification connection is down, nothing is remembered and every lookup reads the database.
 *
 * @param <V> the setting as read, e.g. an {@code Optional} for "none"
 */
public final class TenantMemo<V> implements PostgresNotifications.Subscriber {
  /** A tenant's setting as read, and when it was read (ticker nanoseconds). */
  private record Entry<V>(V value, long readAt) {}

  private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
  // Counts every invalidation: a value read before one is not stored after it.
  private final AtomicLong invalidations = new AtomicLong();
  private final long ttlNanos;
  private final LongSupplier ticker;
  private volatile boolean listening;

  public TenantMemo(Duration ttl, LongSupplier ticker) {
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
  }

  /** The tenant's setting, from memory while it is known to be current, else from {@code read}. */
  public V valueOf(String tenantId, Function<String, V> read) {
    if (!listening || ttlNanos == 0) {
      return read.apply(tenantId);
    }
    long now = ticker.getAsLong();
    Entry<V> entry = entries.get(tenantId);
    if (entry != null && now - entry.readAt() < ttlNanos) {
      return entry.value();
    }
    long seen = invalidations.get();
    V value = read.apply(tenantId);
    if (listening && invalidations.get() == seen) {
      entries.put(tenantId, new Entry<>(value, now));
    }
    return value;
  }

  /** Whether settings are remembered now: the notification connection is up. */
  public boolean isListening() {
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
