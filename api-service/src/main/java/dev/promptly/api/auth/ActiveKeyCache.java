package dev.promptly.api.auth;

import dev.promptly.api.auth.ApiKeyRepository.ActiveKey;
import dev.promptly.api.subscriptions.RedisSubscription;
import dev.promptly.jobstore.RedisProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.stereotype.Component;

/**
 * Tenant keys this instance found valid a moment ago, so that most requests authenticate without a
 * query. Postgres stays the truth: whoever changes a key or a tenant's limits calls {@link
 * #changed}, which empties this cache at once and tells every other replica over Redis to empty
 * theirs; entries also expire after {@code promptly.auth.key-cache-ttl}, the backstop for a message
 * that never arrived. While this instance is not subscribed to Redis (Redis down, not yet
 * subscribed) it could miss such a message, so it asks Postgres on every request instead. Only
 * valid keys are kept: a flood of wrong keys cannot fill the cache.
 */
@Component
public class ActiveKeyCache {
  private static final Logger log = LoggerFactory.getLogger(ActiveKeyCache.class);

  private record Known(ActiveKey key, long seenAtNanos) {}

  private final RedisSubscription subscription;
  private final StringRedisTemplate redis;
  private final String channel;
  private final boolean redisEnabled;
  private final long ttlNanos;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
  // Bumped by every change, so a lookup that raced a change never keeps what it read before it.
  private final AtomicLong generation = new AtomicLong();
  private final Counter hits;
  private final Counter misses;

  ActiveKeyCache(
      RedisSubscription subscription,
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      AuthProperties properties,
      MeterRegistry meters) {
    this.subscription = subscription;
    this.redis = redis;
    this.channel = redisProperties.keyPrefix() + "auth:keys-changed";
    this.redisEnabled = redisProperties.enabled();
    this.ttlNanos = properties.keyCacheTtl().toNanos();
    this.maxEntries = properties.keyCacheSize();
    this.hits = lookups(meters, "cache");
    this.misses = lookups(meters, "database");
    subscription.listen((message, pattern) -> forget(), new ChannelTopic(channel));
  }

  private static Counter lookups(MeterRegistry meters, String source) {
    return Counter.builder("promptly.api.key.lookups")
        .description("API key lookups by where the answer came from")
        .tag("source", source)
        .register(meters);
  }

  /**
   * The active key with this hash: from the cache when it may be trusted, else from {@code store}.
   */
  Optional<ActiveKey> find(String keyHash, Function<String, Optional<ActiveKey>> store) {
    if (ttlNanos == 0 || !subscription.isListening()) {
      misses.increment();
      return store.apply(keyHash);
    }
    long now = System.nanoTime();
    Known entry = known.get(keyHash);
    if (entry != null && now - entry.seenAtNanos() < ttlNanos) {
      hits.increment();
      return Optional.of(entry.key());
    }
    misses.increment();
    long before = generation.get();
    Optional<ActiveKey> found = store.apply(keyHash);
    found.ifPresent(key -> remember(keyHash, key, now, before));
    return found;
  }

  private void remember(String keyHash, ActiveKey key, long now, long generationBefore) {
    if (known.size() >= maxEntries) {
      known.clear();
    }
    known.put(keyHash, new Known(key, now));
    if (generation.get() != generationBefore) {
      known.remove(keyHash);
    }
  }

  /**
   * A key was revoked or a tenant's limits changed: every replica forgets what it knows. Call after
   * the change is committed.
   */
  public void changed() {
    forget();
    if (!redisEnabled) {
      // Never subscribed, so no replica trusts its cache: each asks Postgres on every request.
      return;
    }
    try {
      redis.convertAndSend(channel, "changed");
    } catch (RuntimeException e) {
      // Replicas that are subscribed get nothing now and forget within the TTL; replicas that
      // lost Redis too already ask Postgres on every request.
      log.warn("could not tell the other replicas that API keys changed: {}", e.getMessage());
    }
  }

  private void forget() {
    generation.incrementAndGet();
    known.clear();
  }
}
