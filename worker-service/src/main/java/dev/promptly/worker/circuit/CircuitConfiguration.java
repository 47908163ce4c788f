package dev.promptly.worker.circuit;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.LlmProviders;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/** The circuit breakers of the LLM providers. */
@Configuration(proxyBeanMethods = false)
class CircuitConfiguration {

  @Bean
  CircuitBreakerRegistry providerCircuitBreakers(CircuitProperties properties, Clock clock) {
    return CircuitBreakerRegistry.of(properties.toConfig(clock));
  }

  @Bean
  ProviderCircuits providerCircuits(
      CircuitBreakerRegistry registry,
      CircuitProperties properties,
      MeterRegistry meters,
      Clock clock,
      LlmProviders providers) {
    ProviderCircuits circuits = new ProviderCircuits(registry, properties, meters, clock);
    providers.baseUrls().forEach(circuits::track);
    return circuits;
  }

  /** The health component {@code providerCircuits}. */
  @Bean
  ProviderCircuitsHealth providerCircuitsHealthIndicator(ProviderCircuits circuits) {
    return new ProviderCircuitsHealth(circuits);
  }

  @Bean
  SharedCircuitStates sharedCircuitStates(
      ProviderCircuits circuits,
      StringRedisTemplate redis,
      RedisProperties redisProperties,
      WorkerId workerId) {
    return new SharedCircuitStates(circuits, redis, redisProperties, workerId.value());
  }

  /** Every few seconds, what this worker's circuits say, for the dashboard (see the class). */
  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler circuitStateScheduler(SharedCircuitStates states) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("circuit-states-");
    scheduler.scheduleWithFixedDelay(states::publish, Duration.ofSeconds(5));
    return scheduler;
  }
}
