package dev.promptly.worker.cache;

import dev.promptly.jobstore.RedisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the result cache. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

  @Bean
  ResultCache resultCache(
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      CacheProperties properties,
      MeterRegistry meters) {
    return new ResultCache(redis, redisProperties, properties, meters);
  }
}
