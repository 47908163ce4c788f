package dev.promptly.dispatch;

import dev.promptly.tracing.TraceContexts;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Wires the outbox into a service. Imported explicitly by the API and the worker
 * ({@code @Import(DispatchConfiguration.class)}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
public class DispatchConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DispatchConfiguration.class);

  @Bean
  Declarables jobQueueTopology(MessagingProperties properties) {
    return JobQueueTopology.declarables(properties);
  }

  /** {@code queueTopology} in health and readiness: DOWN, naming the queue, when it is refused. */
  @Bean
  HealthIndicator queueTopologyHealthIndicator(
      RabbitTemplate rabbitTemplate, Declarables jobQueueTopology, MessagingProperties properties) {
    return new QueueTopologyHealth(rabbitTemplate, jobQueueTopology, properties.queueType());
  }

  @Bean
  JobPublisher jobPublisher(
      RabbitTemplate rabbitTemplate, MessagingProperties properties, TraceContexts traces) {
    rabbitTemplate.setMandatory(true);
    // The publish span and the traceparent header: a consumer continues the job's trace.
    rabbitTemplate.setObservationEnabled(true);
    return new JobPublisher(rabbitTemplate, properties, traces);
  }

  @Bean
  MeterBinder dispatchGauges(
      JobDispatchRepository dispatches,
      AmqpAdmin admin,
      MessagingProperties properties,
      Clock clock) {
    return new DispatchGauges(dispatches, admin, properties, clock);
  }

  @Bean
  JobDispatchRepository jobDispatchRepository(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
    return new JobDispatchRepository(jdbc, template, clock);
  }

  @Bean(destroyMethod = "close")
  OutboxPublisher outboxPublisher(
      JobPublisher publisher, JobDispatchRepository dispatches, MessagingProperties properties) {
    return new OutboxPublisher(publisher, dispatches, properties);
  }

  @Bean
  JobDispatcher jobDispatcher(
      JobDispatchRepository dispatches, OutboxPublisher outbox, Clock clock) {
    return new JobDispatcher(dispatches, outbox, clock);
  }

  @Bean
  DispatchRelay dispatchRelay(
      JobDispatchRepository dispatches,
      OutboxPublisher outbox,
      MessagingProperties properties,
      Clock clock) {
    return new DispatchRelay(dispatches, outbox, properties, clock);
  }

  /** Runs the relay on its own virtual thread so a slow broker never blocks other schedules. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(
      name = "promptly.messaging.relay-enabled",
      havingValue = "true",
      matchIfMissing = true)
  SimpleAsyncTaskScheduler dispatchRelayScheduler(
      DispatchRelay relay, MessagingProperties properties) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("dispatch-relay-");
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            relay.relayDue();
          } catch (RuntimeException e) {
            // Keep the schedule alive through database outages; the next pass tries again.
            log.warn("dispatch relay pass failed: {}", e.getMessage());
          }
        },
        properties.relayInterval());
    return scheduler;
  }
}
