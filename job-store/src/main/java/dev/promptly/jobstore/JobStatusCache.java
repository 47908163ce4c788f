package dev.promptly.jobstore;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;

/**
 * The Redis copy of each job's latest state, for fast polling. Postgres is the truth: every method
 * here swallows Redis failures, and a miss sends the reader to Postgres. Without Redis ({@code
 * promptly.redis.enabled=false}) it holds nothing and every read misses.
 */
public class JobStatusCache {
  private static final Logger log = LoggerFactory.getLogger(JobStatusCache.class);

  private final StringRedisTemplate redis;
  private final RedisProperties properties;
  private final boolean enabled;

  public JobStatusCache(StringRedisTemplate redis, RedisProperties properties) {
    this.redis = redis;
    this.properties = properties;
    this.enabled = properties.enabled();
  }

  /** Stores the job's state; call after the change is committed in Postgres. */
  public void put(JobRecord job) {
    if (!enabled) {
      return;
    }
    try {
      redis.opsForValue().set(key(job.id()), JobRecordJson.encode(job), ttlOf(job));
    } catch (RuntimeException e) {
      log.warn("status cache write for {} failed: {}", job.id(), e.getMessage());
      evict(job.id());
    }
  }

  /**
   * Stores the states of many jobs in one round trip (a pipeline); call after the changes are
   * committed. On a failure the jobs are evicted, so readers go to Postgres.
   */
  public void putAll(Collection<JobRecord> jobs) {
    if (!enabled) {
      return;
    }
    try {
      redis.executePipelined(
          new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
              ValueOperations<String, String> values =
                  (ValueOperations<String, String>) operations.opsForValue();
              for (JobRecord job : jobs) {
                values.set(key(job.id()), JobRecordJson.encode(job), ttlOf(job));
              }
              return null;
            }
          });
    } catch (RuntimeException e) {
      log.warn("status cache write for {} jobs failed: {}", jobs.size(), e.getMessage());
      jobs.forEach(job -> evict(job.id()));
    }
  }

  /** The cached state, or empty on a miss or when Redis is unreachable. */
  public Optional<JobRecord> get(String jobId) {
    if (!enabled) {
      return Optional.empty();
    }
    try {
      String json = redis.opsForValue().get(key(jobId));
      return json == null ? Optional.empty() : Optional.of(JobRecordJson.decode(json));
    } catch (RuntimeException e) {
      log.debug("status cache read for {} failed: {}", jobId, e.getMessage());
      return Optional.empty();
    }
  }

  /** Drops the cached state, so the next read goes to Postgres. */
  public void evict(String jobId) {
    if (!enabled) {
      return;
    }
    try {
      redis.delete(key(jobId));
    } catch (RuntimeException e) {
      log.debug("status cache evict for {} failed: {}", jobId, e.getMessage());
    }
  }

  private Duration ttlOf(JobRecord job) {
    return job.status().isTerminal()
        ? properties.terminalStatusTtl()
        : properties.activeStatusTtl();
  }

  private String key(String jobId) {
    return properties.keyPrefix() + "job:" + jobId;
  }
}
