package dev.promptly.api.dashboard;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The providers' rolling-minute rate-limit windows as the workers keep them in Redis (sorted sets
 * of admitted calls per provider and model): how much of each configured limit the last minute
 * used.
 */
@Component
class ProviderWindows {
  private static final long WINDOW_MILLIS = 60_000;

  private final ModelCatalog catalog;
  private final StringRedisTemplate redis;
  private final String keyPrefix;
  private final boolean redisEnabled;

  ProviderWindows(ModelCatalog catalog, StringRedisTemplate redis, RedisProperties properties) {
    this.catalog = catalog;
    this.redis = redis;
    this.keyPrefix = properties.keyPrefix() + "provider-limits:";
    this.redisEnabled = properties.enabled();
  }

  /**
   * A model's limits and its use in the last minute; {@code requestsUsed} and {@code tokensUsed}
   * are null when Redis did not answer or there is none.
   */
  record Window(
      String alias,
      String provider,
      String model,
      int requestsPerMinute,
      long tokensPerMinute,
      Long requestsUsed,
      Long tokensUsed) {}

  List<Window> windows(long nowMillis) {
    return catalog.models().stream()
        .filter(spec -> spec.requestsPerMinute() > 0 || spec.tokensPerMinute() > 0)
        .map(spec -> window(spec, nowMillis))
        .toList();
  }

  private Window window(ModelSpec spec, long nowMillis) {
    String key = keyPrefix + spec.provider() + ":" + spec.model();
    Long requests = null;
    Long tokens = null;
    if (redisEnabled) {
      try {
        long from = nowMillis - WINDOW_MILLIS;
        requests = redis.opsForZSet().count(key + ":requests", from, Double.POSITIVE_INFINITY);
        Set<String> entries =
            redis.opsForZSet().rangeByScore(key + ":tokens", from, Double.POSITIVE_INFINITY);
        // Members are "<tokens>:<call id>".
        tokens =
            entries == null
                ? 0L
                : entries.stream().mapToLong(entry -> Long.parseLong(entry.split(":", 2)[0])).sum();
      } catch (DataAccessException | NumberFormatException e) {
        // An overview without these figures is still worth showing.
      }
    }
    return new Window(
        spec.alias(),
        spec.provider(),
        spec.model(),
        spec.requestsPerMinute(),
        spec.tokensPerMinute(),
        requests,
        tokens);
  }
}
