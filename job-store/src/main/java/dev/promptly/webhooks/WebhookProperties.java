package dev.promptly.webhooks;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhooks: which targets jobs may name (API and worker), how workers deliver events, and how long
 * a rotated secret keeps signing.
 *
 * @param enabled whether this worker delivers webhook events; {@code false} makes a job-only worker
 *     (events wait in the database for a worker that delivers them)
 * @param concurrency deliveries in flight at once on this worker, each on its own virtual thread
 * @param pollInterval how often a worker looks for due events when no notification arrives
 * @param timeout how long one attempt may take to connect and get the response headers
 * @param lease how long a claimed event stays with its worker; a crashed worker's events come back
 *     after it, so it must be longer than {@code timeout}
 * @param batchSize how many due events one claim takes at most
 * @param retrySchedule the waits after each failed attempt; one attempt more than waits in all
 * @param allowPrivateTargets accept URLs whose host is loopback, private, link-local or a cloud
 *     metadata address; for dev and tests only, as it lets a client make Promptly call internal
 *     services
 * @param secretRotationOverlap how long a rotated-out secret keeps signing beside the new one
 */
@Validated
@ConfigurationProperties("promptly.webhooks")
public record WebhookProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("16") @Positive int concurrency,
    @DefaultValue("200ms") @NotNull Duration pollInterval,
    @DefaultValue("10s") @NotNull Duration timeout,
    @DefaultValue("2m") @NotNull Duration lease,
    @DefaultValue("100") @Positive int batchSize,
    @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) @NotEmpty
        List<Duration> retrySchedule,
    @DefaultValue("false") boolean allowPrivateTargets,
    @DefaultValue("24h") @NotNull Duration secretRotationOverlap) {

  public WebhookProperties {
    retrySchedule = List.copyOf(retrySchedule);
    requirePositive(pollInterval, "poll-interval");
    requirePositive(timeout, "timeout");
    requirePositive(secretRotationOverlap, "secret-rotation-overlap");
    retrySchedule.forEach(wait -> requirePositive(wait, "retry-schedule"));
    if (lease.compareTo(timeout) <= 0) {
      throw new IllegalArgumentException("webhooks lease must be longer than the timeout");
    }
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("webhooks " + name + " must be positive");
    }
  }
}
