package dev.promptly.worker.leases;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a claim on a job lasts without news from its worker.
 *
 * @param duration how far each heartbeat (and the claim itself) pushes a running job's lease; a
 *     lease that runs out means its worker is gone, and the reaper hands the job back
 * @param heartbeatInterval how often a worker renews the leases of the jobs it runs, and looks for
 *     cancel requests among them; must be well below {@code duration}
 */
@Validated
@ConfigurationProperties("promptly.worker.lease")
public record LeaseProperties(
    @DefaultValue("30s") @NotNull Duration duration,
    @DefaultValue("10s") @NotNull Duration heartbeatInterval) {

  public LeaseProperties {
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("lease heartbeat-interval must be positive");
    }
    // Two missed beats may be a pause (GC, a slow database), not a dead worker.
    if (heartbeatInterval.multipliedBy(2).compareTo(duration) >= 0) {
      throw new IllegalArgumentException(
          "lease duration must be more than twice the heartbeat-interval");
    }
  }
}
