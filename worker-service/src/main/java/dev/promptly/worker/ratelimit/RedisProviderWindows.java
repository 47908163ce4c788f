package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisScripts;
import dev.promptly.worker.llm.ProviderLimits;
import dev.promptly.worker.llm.ProviderLimits.Quota;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The windows in Redis, shared by every worker: one atomic script per call ({@code
 * provider-window.lua}), per end of call ({@code provider-window-done.lua}) and per answer that
 * tells the provider's limits ({@code provider-window-learn.lua}), all on Redis' clock. Every
 * method throws when Redis cannot be reached; {@link ProviderRateLimits} decides what then.
 */
final class RedisProviderWindows implements ProviderWindows {
  private static final RedisScript<Long> ACQUIRE = script("provider-window.lua");
  private static final RedisScript<Long> DONE = script("provider-window-done.lua");
  private static final RedisScript<Long> LEARN = script("provider-window-learn.lua");

  private final StringRedisTemplate redis;
  private final ProviderLimitsProperties properties;

  RedisProviderWindows(StringRedisTemplate redis, ProviderLimitsProperties properties) {
    this.redis = redis;
    this.properties = properties;
  }

  @Override
  public long acquire(
      String key, int requestsPerMinute, long tokensPerMinute, long tokens, String id) {
    Long wait =
        redis.execute(
            ACQUIRE,
            keys(key),
            Integer.toString(requestsPerMinute),
            Long.toString(tokensPerMinute),
            Long.toString(tokens),
            Long.toString(ProviderRateLimits.WINDOW.toMillis()),
            id);
    return wait == null ? ADMITTED : wait;
  }

  @Override
  public void done(String key, String id, long tokens) {
    redis.execute(
        DONE,
        keys(key).subList(0, 2),
        id,
        Long.toString(tokens),
        Long.toString(ProviderRateLimits.WINDOW.toMillis()));
  }

  @Override
  public long learn(String key, ProviderLimits limits) {
    Long pause =
        redis.execute(
            LEARN,
            keys(key),
            limit(limits.requests()),
            remaining(limits.requests()),
            reset(limits.requests()),
            limit(limits.tokens()),
            remaining(limits.tokens()),
            reset(limits.tokens()),
            Long.toString(properties.learnedTtl().toMillis()),
            Double.toString(properties.nearZero()),
            Long.toString(ProviderRateLimits.WINDOW.toMillis()));
    return pause == null ? 0 : pause;
  }

  /** The keys of one model's window: its calls, their tokens, its learned limits, its pause. */
  static List<String> keys(String key) {
    return List.of(key + ":requests", key + ":tokens", key + ":learned", key + ":paused");
  }

  private static String limit(Quota quota) {
    return quota == null ? "0" : Long.toString(quota.limit());
  }

  private static String remaining(Quota quota) {
    return quota == null ? "0" : Long.toString(quota.remaining());
  }

  private static String reset(Quota quota) {
    return quota == null ? "0" : Long.toString(quota.reset().toMillis());
  }

  private static RedisScript<Long> script(String name) {
    return RedisScripts.fromClasspath("dev/promptly/worker/ratelimit/" + name, Long.class);
  }
}
