package dev.promptly.worker.providerbatches;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs with completion window 24h are routed through the providers' batch APIs (the connection
 * settings of the same prefix are {@link dev.promptly.worker.llm.ProviderBatchProperties}').
 *
 * @param enabled whether this worker runs the router at all
 * @param maxLines a model's waiting jobs make a file once this many wait
 * @param maxAge ... or once the oldest of them has waited this long
 * @param interval how often the router looks for work (files to make, steps due, deadlines)
 * @param pollInterval how often a submitted provider batch is asked how it is doing
 * @param stepLease how long a worker holds a provider batch for one step; a worker that dies in a
 *     step leaves it to another after this
 * @param retryDelay how long a step that failed (the provider unreachable) waits to be tried again
 * @param liveFallbackMargin a job still waiting on its file this long before its deadline runs
 *     live: its expected run time, with room to spare
 * @param clockSkew how much older than its own row a provider batch found by its file key may look
 */
@Validated
@ConfigurationProperties("promptly.provider-batches")
public record ProviderBatchRoutingProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1000") int maxLines,
    @DefaultValue("60s") Duration maxAge,
    @DefaultValue("2s") Duration interval,
    @DefaultValue("5s") Duration pollInterval,
    @DefaultValue("2m") Duration stepLease,
    @DefaultValue("10s") Duration retryDelay,
    @DefaultValue("1h") Duration liveFallbackMargin,
    @DefaultValue("5m") Duration clockSkew) {

  public ProviderBatchRoutingProperties {
    if (maxLines < 1 || maxLines > 50_000) {
      throw new IllegalArgumentException("max-lines must be between 1 and 50000");
    }
    for (Duration each :
        new Duration[] {
          maxAge, interval, pollInterval, stepLease, retryDelay, liveFallbackMargin
        }) {
      if (each.isNegative()) {
        throw new IllegalArgumentException("provider batch durations must not be negative");
      }
    }
  }
}
