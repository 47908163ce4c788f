package dev.promptly.jobstore;

import dev.promptly.batches.BatchCompletions;
import dev.promptly.batches.BatchReads;
import dev.promptly.dispatch.DispatchConfiguration;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobevents.JobEventsConfiguration;
import dev.promptly.model.ModelCatalog;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.webhooks.WebhookConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every Promptly service shares: the clock, the model catalog, the jobs table, the status
 * cache, the outbox, live job events and the webhook settings. Services import it with
 * {@code @Import(JobStoreConfiguration.class)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  RedisProperties.class,
  CatalogProperties.class,
  SchedulingProperties.class
})
@Import({DispatchConfiguration.class, JobEventsConfiguration.class, WebhookConfiguration.class})
public class JobStoreConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  ModelCatalog modelCatalog(CatalogProperties properties) {
    return properties.toCatalog();
  }

  @Bean
  JobRepository jobRepository(
      JdbcClient jdbc,
      Clock clock,
      JobEventPublisher events,
      JobStatusCache cache,
      BatchCompletions batches) {
    return new JobRepository(jdbc, clock, events, cache, batches);
  }

  @Bean
  BatchReads batchReads(JdbcClient jdbc) {
    return new BatchReads(jdbc);
  }

  @Bean
  BatchCompletions batchCompletions(
      JdbcClient jdbc, BatchReads reads, PlatformTransactionManager transactions, Clock clock) {
    return new BatchCompletions(jdbc, reads, new TransactionTemplate(transactions), clock);
  }

  @Bean
  WaitingJobs waitingJobs(JdbcClient jdbc, JobStatusCache cache) {
    return new WaitingJobs(jdbc, cache);
  }

  @Bean
  JobResourceRenderer jobResourceRenderer() {
    return new JobResourceRenderer();
  }

  /** Traces nothing where no tracer is configured (the job-store's own tests). */
  @Bean
  TraceContexts traceContexts(
      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new TraceContexts(
        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
  }

  @Bean
  JobMetrics jobMetrics(ObjectProvider<MeterRegistry> meters) {
    return new JobMetrics(
        meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
  }

  @Bean
  JobStatusCache jobStatusCache(StringRedisTemplate redis, RedisProperties properties) {
    return new JobStatusCache(redis, properties);
  }
}
