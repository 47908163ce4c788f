package dev.promptly.worker.webhooks;

import dev.promptly.jobstore.JobRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one claimed event: freeze its body on the first attempt, sign, send, and record
 * the outcome. Logs name the event and the job, never the URL (it may carry a token), the body or a
 * secret.
 */
class WebhookDelivery {
  private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

  private final WebhookEvents events;
  private final JobRepository jobs;
  private final WebhookBody bodies;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final WebhookMetrics metrics;
  private final Clock clock;

  WebhookDelivery(
      WebhookEvents events,
      JobRepository jobs,
      WebhookBody bodies,
      WebhookSender sender,
      RetrySchedule schedule,
      WebhookMetrics metrics,
      Clock clock) {
    this.events = events;
    this.jobs = jobs;
    this.bodies = bodies;
    this.sender = sender;
    this.schedule = schedule;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Attempts the event once and records what came of it. */
  DeliveryOutcome attempt(ClaimedEvent event) {
    String body = event.body() != null ? event.body() : freezeBody(event);
    Instant attemptedAt = clock.instant();
    long timestamp = attemptedAt.getEpochSecond();
    String signature =
        WebhookSigner.signature(
            events.signingSecrets(event.tenantId(), attemptedAt), event.id(), timestamp, body);
    DeliveryAttempt attempt =
        sender.send(new WebhookSender.Message(event.url(), event.id(), timestamp, signature, body));
    RetrySchedule.Decision decision = schedule.decide(attempt, event.attempts(), clock.instant());
    if (!events.record(event, attempt, decision, attemptedAt)) {
      log.warn("webhook {} of {}: lease lost during the attempt", event.id(), event.subject());
    }
    metrics.recordAttempt(decision.outcome(), attempt.durationMs());
    if (decision.outcome() != DeliveryOutcome.DELIVERED) {
      log.info(
          "webhook {} of {}: attempt {} {} ({})",
          event.id(),
          event.subject(),
          event.attempts() + 1,
          decision.outcome().wireName(),
          attempt.statusCode() != null ? "status " + attempt.statusCode() : attempt.error());
    }
    return decision.outcome();
  }

  // A batch's event is written with its body, so only a job's event is rendered here.
  private String freezeBody(ClaimedEvent event) {
    // The job is terminal, so what is rendered now is what it ended as (unless an admin already
    // replayed it: then the body shows its new life, which is as true as any).
    String rendered =
        bodies.render(
            event,
            jobs.find(event.jobId())
                .orElseThrow(() -> new IllegalStateException("no job " + event.jobId())));
    return events.freezeBody(event.id(), rendered);
  }
}
