package dev.promptly.jobstore;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tenants share the workers. Read by the API (which parks submissions beyond a tenant's window)
 * and by the workers (which let parked jobs go as the window drains): both must agree.
 *
 * @param tenantWindow how many queued jobs of one tenant may be released to the broker at once; the
 *     rest of its backlog waits parked in Postgres ({@code waiting_for: tenant_concurrency}) and is
 *     let go, highest priority and oldest first, as the released ones are claimed. Another tenant's
 *     new jobs then wait behind at most this many of each backlogged tenant's, not behind its whole
 *     backlog. 0 releases everything at once (no fair share)
 * @param refillInterval how often workers let parked jobs go into windows with room; together with
 *     the window it bounds one tenant's throughput at {@code tenantWindow / refillInterval}
 */
@Validated
@ConfigurationProperties("promptly.scheduling")
public record SchedulingProperties(
    @DefaultValue("500") @PositiveOrZero int tenantWindow,
    @DefaultValue("200ms") @NotNull Duration refillInterval) {

  /** Whether submissions beyond a window are parked. */
  public boolean hasWindow() {
    return tenantWindow > 0;
  }
}
