package dev.promptly.worker.calls;

import dev.promptly.notifications.PostgresNotifications;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The watched jobs as the API instances announce them over Postgres ({@code
 * promptly.events.transport=postgres}): each announcement marks its job for the watch time to live,
 * and the API repeats it every third of that while a listener stays. A worker that started after an
 * announcement learns of the job from the next one; until then that job's answer comes whole.
 */
final class NotifiedWatchedJobs implements WatchedJobs, PostgresNotifications.Subscriber {
  private static final int PRUNE_ABOVE = 10_000;

  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();

  NotifiedWatchedJobs(Duration ttl, LongSupplier nanoTime) {
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public boolean isWatched(String jobId) {
    Long expiry = expiries.get(jobId);
    if (expiry == null) {
      return false;
    }
    if (expiry - nanoTime.getAsLong() > 0) {
      return true;
    }
    expiries.remove(jobId, expiry);
    return false;
  }

  @Override
  public void notified(String jobId) {
    long now = nanoTime.getAsLong();
    if (expiries.size() > PRUNE_ABOVE) {
      // Marks of jobs that finished without being asked about again.
      expiries.values().removeIf(expiry -> expiry - now <= 0);
    }
    expiries.put(jobId, now + ttlNanos);
  }

  @Override
  public void listening() {}

  @Override
  public void deaf() {}
}
