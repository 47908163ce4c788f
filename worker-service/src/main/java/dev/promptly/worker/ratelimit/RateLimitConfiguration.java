package dev.promptly.worker.ratelimit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the providers' shared rate limits; they also hear every provider answer's headers. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

  @Bean
  ProviderRateLimits providerRateLimits(
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      ProviderLimitsProperties properties,
      MeterRegistry meters,
      ModelCatalog catalog,
      Clock clock) {
    // Each model's counters exist from the start, at zero, for dashboards and alerts.
    catalog
        .models()
        .forEach(
            spec -> {
              meters.counter("promptly.ratelimit.waits", "model", spec.alias());
              meters.counter(
                  "promptly.provider.rate.limited",
                  "provider",
                  spec.provider(),
                  "model",
                  spec.model());
            });
    return new ProviderRateLimits(
        new RedisProviderWindows(redis, properties), properties, redisProperties, meters, clock);
  }
}
