package dev.promptly.api.ratelimit;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants' token buckets in this instance's memory, used while Redis cannot be reached when
 * {@code promptly.ratelimit.local-fallback} is on: the same bucket as {@code token-bucket.lua}
 * (capacity {@code rate_limit_per_minute}, refilled continuously over a minute), exact when one API
 * instance serves (the standalone process), per instance when several do.
 */
final class LocalTokenBuckets {
  private record Bucket(double tokens, long atMillis) {}

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Clock clock;

  LocalTokenBuckets(Clock clock) {
    this.clock = clock;
  }

  TokenBuckets.Take take(String tenantId, int capacity) {
    long now = clock.millis();
    double rate = capacity / (double) TokenBuckets.WINDOW.toMillis();
    boolean[] taken = new boolean[1];
    Bucket after =
        buckets.compute(
            tenantId,
            (id, bucket) -> {
              double tokens =
                  bucket == null
                      ? capacity
                      : Math.min(
                          capacity, bucket.tokens() + Math.max(0, now - bucket.atMillis()) * rate);
              taken[0] = tokens >= 1;
              return new Bucket(taken[0] ? tokens - 1 : tokens, now);
            });
    long untilFull = (long) Math.ceil((capacity - after.tokens()) / rate);
    long untilToken = after.tokens() < 1 ? (long) Math.ceil((1 - after.tokens()) / rate) : 0;
    return new TokenBuckets.Take(
        taken[0],
        capacity,
        (long) Math.floor(after.tokens()),
        secondsUp(untilFull),
        Math.max(1, secondsUp(untilToken)));
  }

  private static long secondsUp(long millis) {
    return (millis + 999) / 1000;
  }
}
