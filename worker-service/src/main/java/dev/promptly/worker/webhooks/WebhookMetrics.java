package dev.promptly.worker.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivery metrics: attempts and their durations by outcome, and the backlog of due events. No
 * tenant or job in any tag: their number is unbounded.
 */
class WebhookMetrics {
  private final Map<DeliveryOutcome, Counter> attempts = new EnumMap<>(DeliveryOutcome.class);
  private final Map<DeliveryOutcome, Timer> durations = new EnumMap<>(DeliveryOutcome.class);

  WebhookMetrics(MeterRegistry registry, WebhookEvents events, Clock clock) {
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      attempts.put(
          outcome,
          Counter.builder("promptly.webhook.deliveries")
              .description("Webhook delivery attempts, by outcome")
              .tag("outcome", outcome.wireName())
              .register(registry));
      durations.put(
          outcome,
          Timer.builder("promptly.webhook.delivery.duration")
              .description("How long webhook delivery attempts took, by outcome")
              .tag("outcome", outcome.wireName())
              .register(registry));
    }
    // Read at scrape time: one count on a partial index.
    Gauge.builder("promptly.webhook.backlog", () -> backlog(events, clock))
        .description("Webhook events due for delivery now")
        .register(registry);
  }

  void recordAttempt(DeliveryOutcome outcome, long durationMs) {
    attempts.get(outcome).increment();
    durations.get(outcome).record(Duration.ofMillis(durationMs));
  }

  private static double backlog(WebhookEvents events, Clock clock) {
    try {
      return events.backlog(clock.instant());
    } catch (RuntimeException e) {
      // The database is away: the readiness check says so; the gauge just has no value.
      return Double.NaN;
    }
  }
}
