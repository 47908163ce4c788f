package dev.promptly.jobstore;

import dev.promptly.dispatch.DispatchConfiguration;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobevents.JobEventsConfiguration;
import dev.promptly.model.ModelCatalog;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every Promptly service shares: the clock, the model catalog, the jobs table, the status
 * cache, the outbox and live job events. Services import it with
 * {@code @Import(JobStoreConfiguration.class)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RedisProperties.class, CatalogProperties.class})
@Import({DispatchConfiguration.class, JobEventsConfiguration.class})
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
  JobRepository jobRepository(JdbcClient jdbc, Clock clock, JobEventPublisher events) {
    return new JobRepository(jdbc, clock, events);
  }

  @Bean
  JobResourceRenderer jobResourceRenderer() {
    return new JobResourceRenderer();
  }

  @Bean
  JobStatusCache jobStatusCache(StringRedisTemplate redis, RedisProperties properties) {
    return new JobStatusCache(redis, properties);
  }
}
