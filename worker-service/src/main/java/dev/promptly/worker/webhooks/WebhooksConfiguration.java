package dev.promptly.worker.webhooks;

import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.webhooks.WebhookProperties;
import dev.promptly.webhooks.WebhookUrlPolicy;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook delivery, unless {@code promptly.webhooks.enabled=false} makes this a job-only worker.
 * Events then wait in the database for a worker that delivers them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "promptly.webhooks.enabled", matchIfMissing = true)
class WebhooksConfiguration {

  @Bean
  WebhookEvents webhookEvents(JdbcClient jdbc, Clock clock) {
    return new WebhookEvents(jdbc, clock);
  }

  @Bean
  WebhookMetrics webhookMetrics(MeterRegistry registry, WebhookEvents events, Clock clock) {
    return new WebhookMetrics(registry, events, clock);
  }

  @Bean
  WebhookDelivery webhookDelivery(
      WebhookEvents events,
      JobRepository jobs,
      JobResourceRenderer renderer,
      WebhookUrlPolicy policy,
      WebhookProperties properties,
      WebhookMetrics metrics,
      Clock clock) {
    return new WebhookDelivery(
        events,
        jobs,
        new WebhookBody(renderer),
        new WebhookSender(policy, properties.timeout()),
        new RetrySchedule(properties.retrySchedule()),
        metrics,
        clock);
  }

  /** Takes the schema check as a parameter: it reads tables it must find there. */
  @Bean
  WebhookDispatcher webhookDispatcher(
      WebhookEvents events,
      WebhookDelivery delivery,
      WebhookProperties properties,
      Clock clock,
      TraceContexts traces,
      SchemaCheck schemaCheck) {
    return new WebhookDispatcher(events, delivery, properties, clock, traces);
  }

  @Bean
  WebhookWakeups webhookWakeups(PostgresNotifications notifications, WebhookDispatcher dispatcher) {
    WebhookWakeups wakeups = new WebhookWakeups(dispatcher::wake);
    notifications.subscribe(WebhookWakeups.CHANNEL, wakeups);
    return wakeups;
  }
}
