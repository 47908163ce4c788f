package dev.promptly.jobevents;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How live job events travel from the process that moves a job to the API instances that stream
 * them. Shares its prefix with the API's stream settings ({@code promptly.events.*}).
 *
 * @param transport {@code redis} (pub/sub, the normal stack) or {@code postgres} ({@code
 *     LISTEN/NOTIFY} on the jobs' own database, for a platform without Redis: the default when
 *     {@code promptly.redis.enabled=false})
 * @param watchTtl how long a mark that a job is watched lasts (the API repeats it every third of
 *     that while a listener stays); the API and the workers read the same setting
 */
@Validated
@ConfigurationProperties("promptly.events")
public record JobEventsProperties(
    @DefaultValue("redis") @NotNull Transport transport,
    @DefaultValue("30s") @NotNull Duration watchTtl) {

  /** The ways live job events can travel. */
  public enum Transport {
    REDIS,
    POSTGRES
  }
}
