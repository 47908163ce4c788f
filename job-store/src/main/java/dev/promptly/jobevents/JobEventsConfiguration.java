package dev.promptly.jobevents;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.notifications.PostgresNotifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Live job events over the transport {@code promptly.events.transport} names; imported with the job
 * store.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobEventsProperties.class)
public class JobEventsConfiguration {

  @Bean
  JobEventChannels jobEventChannels(RedisProperties properties) {
    return new JobEventChannels(properties);
  }

  /** Holds a connection only where Postgres carries live events. */
  @Bean(destroyMethod = "close")
  PostgresNotifier postgresNotifier(
      JdbcConnectionDetails database, JobEventsProperties properties) {
    return new PostgresNotifier(
        database, properties.transport() == JobEventsProperties.Transport.POSTGRES);
  }

  @Bean
  JobEventPublisher jobEventPublisher(
      JobEventsProperties properties,
      RedisProperties redis,
      ObjectProvider<StringRedisTemplate> template,
      JobEventChannels channels,
      PostgresNotifier notifier,
      ObjectProvider<MeterRegistry> meters) {
    MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
    return switch (properties.transport()) {
      case REDIS -> {
        if (!redis.enabled()) {
          throw new IllegalStateException(
              "promptly.events.transport=redis needs Redis, but promptly.redis.enabled=false");
        }
        yield new RedisJobEventPublisher(template.getObject(), channels, registry);
      }
      case POSTGRES -> new PostgresJobEventPublisher(notifier, registry);
    };
  }
}
