package dev.promptly.api.dashboard;

import dev.promptly.jobstore.RedisProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What each live worker's circuit breakers say, as the workers share it in Redis (a hash per
 * worker, {@code <prefix>circuits:<worker id>}, that expires when the worker stops writing it).
 */
@Component
class ProviderCircuitStates {
  private final StringRedisTemplate redis;
  private final String keyPrefix;
  private final boolean redisEnabled;

  ProviderCircuitStates(StringRedisTemplate redis, RedisProperties properties) {
    this.redis = redis;
    this.keyPrefix = properties.keyPrefix() + "circuits:";
    this.redisEnabled = properties.enabled();
  }

  /** One worker's view of one provider: {@code closed}, {@code open}, {@code half_open} … */
  record Circuit(String provider, String worker, String state) {
    public boolean isClosed() {
      return state.equals("closed");
    }
  }

  /**
   * Every live worker's circuits, by provider then worker; null when Redis did not answer or there
   * is none.
   */
  List<Circuit> circuits() {
    if (!redisEnabled) {
      return null;
    }
    List<Circuit> circuits = new ArrayList<>();
    try (Cursor<String> keys =
        redis.scan(ScanOptions.scanOptions().match(keyPrefix + "*").count(100).build())) {
      while (keys.hasNext()) {
        String key = keys.next();
        String worker = key.substring(keyPrefix.length());
        for (Map.Entry<Object, Object> entry : redis.opsForHash().entries(key).entrySet()) {
          circuits.add(new Circuit((String) entry.getKey(), worker, (String) entry.getValue()));
        }
      }
    } catch (DataAccessException e) {
      return null;
    }
    circuits.sort(Comparator.comparing(Circuit::provider).thenComparing(Circuit::worker));
    return circuits;
  }
}
