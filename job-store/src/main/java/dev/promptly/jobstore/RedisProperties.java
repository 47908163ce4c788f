package dev.promptly.jobstore;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Promptly uses Redis. Connection settings are Spring Boot's {@code spring.data.redis.*}.
 *
 * @param keyPrefix every key Promptly writes starts with this, so several installations (or test
 *     runs) can share one Redis
 * @param terminalStatusTtl how long a finished job's status stays cached
 * @param activeStatusTtl how long a running job's status stays cached; short, so a missed update
 *     during a Redis blip heals by itself
 * @param enabled whether there is a Redis at all; {@code false} (standalone mode) sends every
 *     Redis-backed feature to its fallback from the start, without connection attempts, warnings or
 *     a Redis health check (see {@link RedisSwitch})
 */
@Validated
@ConfigurationProperties("promptly.redis")
public record RedisProperties(
    @DefaultValue("promptly:") @NotBlank String keyPrefix,
    @DefaultValue("24h") Duration terminalStatusTtl,
    @DefaultValue("10s") Duration activeStatusTtl,
    @DefaultValue("true") boolean enabled) {

  @ConstructorBinding
  public RedisProperties {}

  /** Settings of a platform that has Redis. */
  public RedisProperties(String keyPrefix, Duration terminalStatusTtl, Duration activeStatusTtl) {
    this(keyPrefix, terminalStatusTtl, activeStatusTtl, true);
  }
}
