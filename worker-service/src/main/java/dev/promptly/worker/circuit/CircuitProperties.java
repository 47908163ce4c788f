package dev.promptly.worker.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker of each LLM provider. Only provider faults (5xx, timeouts, connection errors)
 * count as failures; a rate limit or a rejected request does not.
 *
 * @param failureRateThreshold percent of failed calls in the window that opens the circuit
 * @param slidingWindowSize how many of the latest calls the failure rate is taken over
 * @param minimumCalls calls needed in the window before the failure rate can open the circuit
 * @param openWait how long an open circuit refuses calls before it lets trial calls through
 * @param halfOpenCalls trial calls that decide whether the circuit closes again or reopens
 * @param delayJitter at most this much is added at random to the wait of a job held back by an open
 *     circuit, so held-back jobs do not all return at the same moment
 */
@Validated
@ConfigurationProperties("promptly.worker.circuit")
public record CircuitProperties(
    @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
    @DefaultValue("20") @Min(1) int slidingWindowSize,
    @DefaultValue("10") @Min(1) int minimumCalls,
    @DefaultValue("30s") @NotNull Duration openWait,
    @DefaultValue("3") @Min(1) int halfOpenCalls,
    @DefaultValue("5s") @NotNull Duration delayJitter) {

  public CircuitProperties {
    if (minimumCalls > slidingWindowSize) {
      throw new IllegalArgumentException("minimum-calls must not exceed sliding-window-size");
    }
    if (openWait.isNegative() || openWait.isZero()) {
      throw new IllegalArgumentException("open-wait must be positive");
    }
    if (delayJitter.isNegative()) {
      throw new IllegalArgumentException("delay-jitter must not be negative");
    }
  }

  CircuitBreakerConfig toConfig(Clock clock) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold)
        .slidingWindow(slidingWindowSize, minimumCalls, SlidingWindowType.COUNT_BASED)
        .waitDurationInOpenState(openWait)
        .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
        .clock(clock)
        // Refusals are an expected, frequent answer here, not an error worth a stack trace.
        .writableStackTraceEnabled(false)
        .build();
  }
}
