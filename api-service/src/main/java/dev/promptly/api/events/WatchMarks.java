package dev.promptly.api.events;

import dev.promptly.jobevents.JobEventChannels;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells workers which jobs are watched, so they stream those answers: a Redis key per job with a
 * short time to live, set when a listener connects and refreshed while any is connected here. It is
 * never deleted: another instance may still have listeners, and an expired mark only means a later
 * call is answered whole.
 */
class WatchMarks {
  private static final Logger log = LoggerFactory.getLogger(WatchMarks.class);

  private final StringRedisTemplate redis;
  private final JobEventChannels channels;
  private final JobEventListeners listeners;
  private final Duration ttl;

  WatchMarks(
      StringRedisTemplate redis,
      JobEventChannels channels,
      JobEventListeners listeners,
      EventsProperties properties) {
    this.redis = redis;
    this.channels = channels;
    this.listeners = listeners;
    this.ttl = properties.watchTtl();
  }

  void mark(String jobId) {
    try {
      redis.opsForValue().set(channels.watchKeyOf(jobId), "1", ttl);
    } catch (RuntimeException e) {
      // Without Redis no delta could reach the listener anyway; statuses still come from Postgres.
      log.debug("watch mark of {} not set: {}", jobId, e.getMessage());
    }
  }

  /** Refreshes the marks of every job watched here; run every third of the time to live. */
  void refresh() {
    listeners.watchedJobs().forEach(this::mark);
  }

  Duration refreshInterval() {
    return ttl.dividedBy(3);
  }
}
