package dev.promptly.worker.circuit;

import dev.promptly.jobstore.RedisProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Shares this worker's circuit states where operators can see them together: a Redis hash {@code
 * <prefix>circuits:<worker id>} of provider → state, written every few seconds and expiring soon
 * after, so a worker that died drops out by itself. The breakers stay each worker's own; this is
 * only what they say.
 */
public class SharedCircuitStates {
  private static final Logger log = LoggerFactory.getLogger(SharedCircuitStates.class);

  /** The hash outlives a few missed writes, not a dead worker. */
  static final Duration TTL = Duration.ofSeconds(30);

  private final ProviderCircuits circuits;
  private final StringRedisTemplate redis;
  private final String key;
  private final boolean redisEnabled;

  public SharedCircuitStates(
      ProviderCircuits circuits,
      StringRedisTemplate redis,
      RedisProperties properties,
      String workerId) {
    this.circuits = circuits;
    this.redis = redis;
    this.key = properties.keyPrefix() + "circuits:" + workerId;
    this.redisEnabled = properties.enabled();
  }

  /**
   * Writes the current states; Redis being away only delays what operators see. Without Redis there
   * is nowhere to share them: each worker's own health endpoint still shows its circuits.
   */
  public void publish() {
    if (!redisEnabled) {
      return;
    }
    Map<byte[], byte[]> fields = new HashMap<>();
    circuits
        .states()
        .forEach((provider, state) -> fields.put(bytes(provider), bytes(wireName(state))));
    if (fields.isEmpty()) {
      return;
    }
    byte[] hash = bytes(key);
    try {
      // One round trip; a provider no longer tracked disappears with the old hash.
      redis.executePipelined(
          (RedisCallback<Object>)
              connection -> {
                connection.keyCommands().del(hash);
                connection.hashCommands().hMSet(hash, fields);
                connection.keyCommands().expire(hash, TTL.toSeconds());
                return null;
              });
    } catch (RuntimeException e) {
      // Not only DataAccessException: a pipeline that cannot get a connection throws Jedis's own
      // JedisConnectionException, which reached the scheduler as an error every 5 s.
      log.debug("could not share circuit states: {}", e.getMessage());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String wireName(State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
