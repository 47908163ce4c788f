package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.jobstore.RedisScripts;
import dev.promptly.model.ModelSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The catalog's requests and tokens per minute of each model, shared by every worker as rolling
 * windows in Redis ({@code provider-window.lua}, one atomic script per call). Fails open when Redis
 * cannot be reached: the provider's own 429s, retried, are the backstop.
 */
public class ProviderRateLimits {
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(ProviderRateLimits.class);
  private static final RedisScript<Long> SCRIPT =
      RedisScripts.fromClasspath("dev/promptly/worker/ratelimit/provider-window.lua", Long.class);

  private static final RedisScript<Long> DONE =
      RedisScripts.fromClasspath(
          "dev/promptly/worker/ratelimit/provider-window-done.lua", Long.class);

  /** What {@link #acquire} decided. */
  public sealed interface Decision permits Permit, Refused {}

  /**
   * An admitted call, to hand back to {@link #done} when it ends.
   *
   * @param key the model's window keys, without their suffix; null when the model is unlimited
   * @param id the call's entry in the window
   * @param tokens the tokens it was admitted with
   */
  public record Permit(String key, String id, long tokens) implements Decision {
    static final Permit UNLIMITED = new Permit(null, null, 0);
  }

  /** Refused: the model's window is full. */
  public record Refused(Duration retryIn) implements Decision {}

  private final StringRedisTemplate redis;
  private final String keyPrefix;
  private final MeterRegistry meters;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  public ProviderRateLimits(
      StringRedisTemplate redis, RedisProperties properties, MeterRegistry meters) {
    this.redis = redis;
    this.keyPrefix = properties.keyPrefix() + "provider-limits:";
    this.meters = meters;
  }

  /**
   * Takes a permit for one call of about {@code tokens} tokens to {@code spec}'s model.
   *
   * @return the permit, or how long to wait before asking again
   */
  public Decision acquire(ModelSpec spec, long tokens) {
    if (spec.requestsPerMinute() == 0 && spec.tokensPerMinute() == 0) {
      return Permit.UNLIMITED;
    }
    String key = keyPrefix + spec.provider() + ":" + spec.model();
    String id = UUID.randomUUID().toString();
    Long wait;
    try {
      wait =
          redis.execute(
              SCRIPT,
              List.of(key + ":requests", key + ":tokens"),
              Integer.toString(spec.requestsPerMinute()),
              Long.toString(spec.tokensPerMinute()),
              Long.toString(tokens),
              Long.toString(WINDOW.toMillis()),
              id);
    } catch (RuntimeException e) {
      if (reachable.compareAndSet(true, false)) {
        log.warn(
            "provider rate limits cannot reach Redis, calls go unthrottled: {}", e.getMessage());
      }
      return Permit.UNLIMITED;
    }
    reachable.set(true);
    if (wait == null || wait <= 0) {
      return new Permit(key, id, tokens);
    }
    meters.counter("promptly.ratelimit.waits", "model", spec.alias()).increment();
    return new Refused(Duration.ofMillis(wait));
  }

  /** Marks the end of an admitted call, whatever its outcome. */
  public void done(Permit permit) {
    if (permit.key() == null) {
      return;
    }
    try {
      redis.execute(
          DONE,
          List.of(permit.key() + ":requests", permit.key() + ":tokens"),
          permit.id(),
          Long.toString(permit.tokens()),
          Long.toString(WINDOW.toMillis()));
    } catch (RuntimeException e) {
      // The entry keeps its admission time: the window frees it a little early, no worse.
      log.debug("provider rate limits: end of call not recorded: {}", e.getMessage());
    }
  }
}
