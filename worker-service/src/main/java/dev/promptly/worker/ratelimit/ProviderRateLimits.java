package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ProviderAnswer;
import dev.promptly.worker.llm.ProviderAnswerListener;
import dev.promptly.worker.llm.ProviderLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each model's requests and tokens per minute, shared by every worker as rolling windows in Redis:
 * the catalog's limits, the requests limit lowered to what the provider's own headers say on every
 * answer (a learned limit applies also where the catalog sets none), and paused until the
 * provider's reset time when it says next to nothing is left, so that the window shrinks before a
 * 429 comes. While Redis cannot be reached the windows are kept in this worker's memory ({@link
 * LocalProviderWindows}), unless {@code local-fallback} is off: then calls go unthrottled and the
 * provider's 429s, retried, are the backstop.
 */
public class ProviderRateLimits implements ProviderAnswerListener {
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** How long the windows stay in memory after Redis failed, before Redis is asked again. */
  static final Duration REDIS_RETRY = Duration.ofSeconds(5);

  /**
   * How long a model without any limit (none configured, none learned) goes without asking Redis
   * again; an answer of its provider that states a limit ends it at once on this worker.
   */
  static final Duration UNLIMITED_RECHECK = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ProviderRateLimits.class);

  /** What {@link #acquire} decided. */
  public sealed interface Decision permits Permit, Refused {}

  /**
   * An admitted call, to hand back to {@link #done} when it ends.
   *
   * @param key the model's window, without its suffixes; null when no limit applies to the model
   * @param id the call's entry in the window
   * @param tokens the tokens it was admitted with
   * @param local whether this worker's memory admitted it rather than Redis
   */
  public record Permit(String key, String id, long tokens, boolean local) implements Decision {
    static final Permit UNLIMITED = new Permit(null, null, 0, false);
  }

  /** Refused: the model's window is full, or paused until the provider's reset time. */
  public record Refused(Duration retryIn) implements Decision {}

  private final ProviderWindows shared;
  private final LocalProviderWindows local;
  private final ProviderLimitsProperties properties;
  private final String keyPrefix;
  private final ProviderLimitMeters meters;
  private final Clock clock;
  private final Map<String, Long> unlimitedUntil = new ConcurrentHashMap<>();
  private volatile long redisRetryAt;
  // No Redis at all (standalone): the windows live in memory from the start, without a warning.
  private final boolean withoutRedis;

  ProviderRateLimits(
      ProviderWindows shared,
      ProviderLimitsProperties properties,
      RedisProperties redis,
      MeterRegistry meters,
      Clock clock) {
    this.shared = shared;
    this.local = properties.localFallback() ? new LocalProviderWindows(clock, properties) : null;
    this.properties = properties;
    this.keyPrefix = redis.keyPrefix() + "provider-limits:";
    this.meters = new ProviderLimitMeters(meters, this::inMemory);
    this.clock = clock;
    this.withoutRedis = !redis.enabled();
    if (withoutRedis) {
      log.info(
          local != null
              ? "no Redis: provider windows are kept in this worker's memory"
              : "no Redis: provider calls go unthrottled");
    }
  }

  /**
   * Takes a permit for one call of about {@code tokens} tokens to {@code spec}'s model.
   *
   * @return the permit, or how long to wait before asking again
   */
  public Decision acquire(ModelSpec spec, long tokens) {
    boolean configured = spec.requestsPerMinute() > 0 || spec.tokensPerMinute() > 0;
    if (!configured && !properties.learnFromHeaders()) {
      return Permit.UNLIMITED;
    }
    String key = keyOf(spec.provider(), spec.model());
    Long unlimited = configured ? null : unlimitedUntil.get(key);
    if (unlimited != null && clock.millis() < unlimited) {
      return Permit.UNLIMITED;
    }
    String id = UUID.randomUUID().toString();
    long wait;
    boolean inMemory = false;
    if (!inMemory()) {
      try {
        wait = shared.acquire(key, spec.requestsPerMinute(), spec.tokensPerMinute(), tokens, id);
        reachable();
      } catch (RuntimeException e) {
        unreachable(e);
        inMemory = true;
        wait = 0;
      }
    } else {
      inMemory = true;
      wait = 0;
    }
    if (inMemory) {
      if (local == null) {
        return Permit.UNLIMITED;
      }
      wait = local.acquire(key, spec.requestsPerMinute(), spec.tokensPerMinute(), tokens, id);
    }
    if (wait == ProviderWindows.UNLIMITED) {
      if (!inMemory) {
        unlimitedUntil.put(key, clock.millis() + UNLIMITED_RECHECK.toMillis());
      }
      return Permit.UNLIMITED;
    }
    if (wait <= 0) {
      return new Permit(key, id, tokens, inMemory);
    }
    meters.waited(spec.alias());
    return new Refused(Duration.ofMillis(wait));
  }

  /** Marks the end of an admitted call, whatever its outcome. */
  public void done(Permit permit) {
    if (permit.key() == null) {
      return;
    }
    if (permit.local()) {
      local.done(permit.key(), permit.id(), permit.tokens());
      return;
    }
    try {
      shared.done(permit.key(), permit.id(), permit.tokens());
    } catch (RuntimeException e) {
      // The entry keeps its admission time: the window frees it a little early, no worse.
      log.debug("provider rate limits: end of call not recorded: {}", e.getMessage());
    }
  }

  /** Counts the provider's 429s and learns its limits from the headers of every answer. */
  @Override
  public void answered(ProviderAnswer answer) {
    if (answer.rateLimited()) {
      meters.rateLimited(answer.provider(), answer.model());
    }
    ProviderLimits limits = answer.limits();
    if (!properties.learnFromHeaders() || limits.isEmpty()) {
      return;
    }
    meters.learned(answer.provider(), answer.model(), limits);
    String key = keyOf(answer.provider(), answer.model());
    unlimitedUntil.remove(key);
    long pause = 0;
    if (local != null) {
      // Kept up to date while Redis works too, so that a switch to memory starts from what is
      // known.
      pause = local.learn(key, limits);
    }
    if (!inMemory()) {
      try {
        pause = shared.learn(key, limits);
        reachable();
      } catch (RuntimeException e) {
        unreachable(e);
      }
    }
    if (pause > 0) {
      meters.paused(answer.provider(), answer.model());
    }
  }

  private String keyOf(String provider, String model) {
    return keyPrefix + provider + ":" + model;
  }

  private boolean inMemory() {
    return withoutRedis || (redisRetryAt != 0 && clock.millis() < redisRetryAt);
  }

  private void unreachable(RuntimeException e) {
    boolean first = redisRetryAt == 0;
    redisRetryAt = clock.millis() + REDIS_RETRY.toMillis();
    if (first) {
      log.warn(
          local != null
              ? "provider rate limits cannot reach Redis: windows are kept in this worker's memory"
                  + " (per worker) until it answers again: {}"
              : "provider rate limits cannot reach Redis, calls go unthrottled: {}",
          e.getMessage());
    }
  }

  private void reachable() {
    if (redisRetryAt != 0) {
      redisRetryAt = 0;
      log.info("provider rate limits reach Redis again: windows are shared by every worker");
    }
  }
}
