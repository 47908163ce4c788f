package dev.promptly.api.events;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Live job event streams ({@code GET /v1/jobs/{id}/events}).
 *
 * @param heartbeat how often an open stream gets a comment line (so proxies keep it open and a
 *     vanished client is noticed) and re-reads its job from Postgres, in case a Redis message was
 *     lost
 * @param maxDuration how long one stream stays open; a client that wants more reconnects and starts
 *     again from the job's current state
 * @param watchTtl how long the mark that tells workers to stream a job's answer outlives the last
 *     refresh; refreshed every third of it while a listener is connected
 * @param bufferSize events queued for one slow client before its stream is closed
 */
@Validated
@ConfigurationProperties("promptly.events")
public record EventsProperties(
    @DefaultValue("15s") @NotNull Duration heartbeat,
    @DefaultValue("1h") @NotNull Duration maxDuration,
    @DefaultValue("30s") @NotNull Duration watchTtl,
    @DefaultValue("1000") @Positive int bufferSize) {

  public EventsProperties {
    for (Duration duration : new Duration[] {heartbeat, maxDuration, watchTtl}) {
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("promptly.events durations must be positive");
      }
    }
  }
}
