package dev.promptly.api.ratelimit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant request rate limiting on the tenant routes ({@code /v1/**} except {@code /v1/admin}).
 * Each tenant has a token bucket in Redis holding {@code rate_limit_per_minute} tokens (the burst),
 * refilled at a sixtieth of that per second.
 *
 * @param enabled whether tenant requests are rate limited at all
 * @param failOpen while Redis cannot be reached, let requests through unlimited (true) or refuse
 *     them with 503 {@code unavailable} (false)
 * @param localFallback while Redis cannot be reached, keep each tenant's bucket in this instance's
 *     memory instead (exact with one API instance, as the standalone process runs; per instance
 *     with several); fail-open then never applies
 * @param unavailableRetryAfter the {@code Retry-After} of a request refused because Redis cannot be
 *     reached and {@code fail-open} is false
 */
@Validated
@ConfigurationProperties("promptly.ratelimit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean failOpen,
    @DefaultValue("false") boolean localFallback,
    @DefaultValue("5s") @NotNull Duration unavailableRetryAfter) {

  public RateLimitProperties {
    if (unavailableRetryAfter.isNegative() || unavailableRetryAfter.isZero()) {
      throw new IllegalArgumentException("promptly.ratelimit.unavailable-retry-after must be > 0");
    }
  }
}
