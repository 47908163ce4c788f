package dev.promptly.api.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.jobstore.RedisScripts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The tenants' token buckets in Redis, under {@code <promptly.redis.key-prefix>ratelimit:<tenant>}.
 * Each take is one atomic script ({@code token-bucket.lua}), sent as EVALSHA with a fallback to
 * EVAL when Redis does not know it yet (after a restart or a failover). Without Redis ({@code
 * promptly.redis.enabled=false}) every bucket is in this instance's memory.
 */
@Component
class TokenBuckets {
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(TokenBuckets.class);

  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT =
      RedisScripts.fromClasspath("dev/promptly/api/ratelimit/token-bucket.lua", List.class);

  private final StringRedisTemplate redis;
  private final String keyPrefix;
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final LocalTokenBuckets local;
  private final boolean redisEnabled;

  TokenBuckets(
      StringRedisTemplate redis,
      RedisProperties properties,
      RateLimitProperties rateLimits,
      Clock clock) {
    this.redis = redis;
    this.keyPrefix = properties.keyPrefix() + "ratelimit:";
    this.redisEnabled = properties.enabled();
    // Without Redis the local buckets are the only ones, whatever the fallback setting says.
    this.local = rateLimits.localFallback() || !redisEnabled ? new LocalTokenBuckets(clock) : null;
  }

  /**
   * The outcome of one attempt to take a token.
   *
   * @param taken whether the request may go ahead
   * @param limit the bucket's capacity, the tenant's requests per minute
   * @param remaining whole tokens left after this attempt
   * @param resetSeconds seconds until the bucket is full again, rounded up
   * @param retryAfterSeconds when refused, seconds until a token is there, rounded up (at least 1)
   */
  record Take(
      boolean taken, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  /**
   * Takes a token from the tenant's bucket, whose capacity is {@code limitPerMinute}.
   *
   * @return empty when Redis cannot be reached or answers with an error, unless the local fallback
   *     is on: then the take from this instance's bucket
   */
  Optional<Take> take(String tenantId, int limitPerMinute) {
    if (!redisEnabled) {
      return Optional.of(local.take(tenantId, limitPerMinute));
    }
    List<?> reply;
    try {
      reply =
          redis.execute(
              SCRIPT,
              List.of(keyPrefix + tenantId),
              Integer.toString(limitPerMinute),
              Long.toString(WINDOW.toMillis()));
    } catch (RuntimeException e) {
      if (reachable.compareAndSet(true, false)) {
        log.warn(
            "rate limiting cannot reach Redis{}: {}",
            local == null ? "" : ", limiting in this instance's memory",
            e.getMessage());
      }
      return local == null ? Optional.empty() : Optional.of(local.take(tenantId, limitPerMinute));
    }
    if (reachable.compareAndSet(false, true)) {
      log.info("rate limiting reaches Redis again");
    }
    return Optional.of(
        new Take(
            number(reply, 0) == 1,
            limitPerMinute,
            number(reply, 1),
            secondsUp(number(reply, 2)),
            Math.max(1, secondsUp(number(reply, 3)))));
  }

  String keyOf(String tenantId) {
    return keyPrefix + tenantId;
  }

  private static long number(List<?> reply, int index) {
    return ((Number) reply.get(index)).longValue();
  }

  private static long secondsUp(long millis) {
    return (millis + 999) / 1000;
  }
}
