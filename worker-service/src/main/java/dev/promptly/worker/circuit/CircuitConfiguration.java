package dev.promptly.worker.circuit;

import dev.promptly.worker.llm.LlmProviders;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
}
