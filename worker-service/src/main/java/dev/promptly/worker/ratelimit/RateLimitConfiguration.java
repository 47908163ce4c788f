package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the providers' shared rate limits. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

  @Bean
  ProviderRateLimits providerRateLimits(
      StringRedisTemplate redis,
      RedisProperties properties,
      MeterRegistry meters,
      ModelCatalog catalog) {
    // Each model's wait counter exists from the start, at zero, for dashboards and alerts.
    catalog
        .models()
        .forEach(spec -> meters.counter("promptly.ratelimit.waits", "model", spec.alias()));
    return new ProviderRateLimits(redis, properties, meters);
  }
}
