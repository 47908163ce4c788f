package dev.promptly.worker.attempts;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Backoff between attempts of a job after a retryable failure: exponential with full jitter.
 *
 * @param baseDelay the ceiling of the first retry's delay; it doubles with every attempt
 * @param maxDelay the highest ceiling, however many attempts came before
 * @param minDelay the least delay of any retry (the provider's Retry-After may ask for more)
 */
@Validated
@ConfigurationProperties("promptly.worker.retry")
public record RetryProperties(
    @DefaultValue("1s") @NotNull Duration baseDelay,
    @DefaultValue("5m") @NotNull Duration maxDelay,
    @DefaultValue("0s") @NotNull Duration minDelay) {

  public RetryProperties {
    if (baseDelay.isNegative() || maxDelay.isNegative() || minDelay.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
  }
}
