package dev.promptly.jobevents;

import dev.promptly.jobstore.RedisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Live job events over Redis pub/sub; imported with the job store. */
@Configuration(proxyBeanMethods = false)
public class JobEventsConfiguration {

  @Bean
  JobEventChannels jobEventChannels(RedisProperties properties) {
    return new JobEventChannels(properties);
  }

  @Bean
  JobEventPublisher jobEventPublisher(
      StringRedisTemplate redis, JobEventChannels channels, ObjectProvider<MeterRegistry> meters) {
    return new JobEventPublisher(redis, channels, meters.getIfAvailable(SimpleMeterRegistry::new));
  }
}
