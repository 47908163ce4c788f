package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the providers' shared rate limits. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

  @Bean
  ProviderRateLimits providerRateLimits(
      StringRedisTemplate redis, RedisProperties properties, MeterRegistry meters) {
    return new ProviderRateLimits(redis, properties, meters);
  }
}
