package dev.promptly.worker.ratelimit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the shared provider windows learn from the providers' own rate-limit headers and what they do
 * without Redis.
 *
 * @param learnFromHeaders whether every answer's {@code x-ratelimit-*} headers set the window's
 *     requests limit (never above the catalog's, when it has one) and pause it when next to nothing
 *     is left of requests or tokens
 * @param learnedTtl how long a learned limit outlives the last answer that stated it, in Redis
 * @param nearZero the fraction of a learned limit at or below which "remaining" counts as used up:
 *     the window then refuses calls until the provider's reset time (0.01: at most 1 % left)
 * @param localFallback while Redis cannot be reached, keep each model's window in this worker's
 *     memory (exact for one worker, per worker for several) instead of letting calls through
 */
@Validated
@ConfigurationProperties("promptly.worker.provider-limits")
public record ProviderLimitsProperties(
    @DefaultValue("true") boolean learnFromHeaders,
    @DefaultValue("10m") Duration learnedTtl,
    @DefaultValue("0.01") @DecimalMin("0") @DecimalMax("1") double nearZero,
    @DefaultValue("true") boolean localFallback) {

  public ProviderLimitsProperties {
    if (learnedTtl == null || learnedTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("learned-ttl must be at least 1s");
    }
  }
}
