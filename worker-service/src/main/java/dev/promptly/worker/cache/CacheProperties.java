package dev.promptly.worker.cache;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The result cache of deterministic requests (temperature 0).
 *
 * @param enabled whether identical deterministic requests are answered from the cache
 * @param ttl how long an answer stays cached
 */
@Validated
@ConfigurationProperties("promptly.cache")
public record CacheProperties(
    @DefaultValue("true") boolean enabled, @DefaultValue("1h") @NotNull Duration ttl) {
  public CacheProperties {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("cache ttl must be positive");
    }
  }
}
