package dev.promptly.worker.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per LLM provider, keyed by its base URL. Jobs ask before they are claimed, so
 * a job held back by an open circuit keeps its attempts. Each breaker's state is the gauge {@code
 * promptly_worker_circuit_state{provider}}: 0 closed, 1 open, 2 half-open.
 */
public class ProviderCircuits {
  private static final Logger log = LoggerFactory.getLogger(ProviderCircuits.class);
  // A refusal while the trial calls of a half-open circuit are out has no open wait left to
  // honour: this keeps such jobs from spinning through the queue.
  private static final Duration LEAST_HOLD = Duration.ofMillis(500);

  private final CircuitBreakerRegistry registry;
  private final CircuitProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final LongUnaryOperator uniformUpTo;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

  public ProviderCircuits(
      CircuitBreakerRegistry registry,
      CircuitProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this(
        registry,
        properties,
        meters,
        clock,
        bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * @param uniformUpTo draws a value uniformly from {@code [0, bound]}; fixed in tests
   */
  ProviderCircuits(
      CircuitBreakerRegistry registry,
      CircuitProperties properties,
      MeterRegistry meters,
      Clock clock,
      LongUnaryOperator uniformUpTo) {
    this.registry = registry;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    this.uniformUpTo = uniformUpTo;
  }

  /** Asks the provider's breaker for one call. */
  public Admission admit(String provider) {
    String name = nameOf(provider);
    CircuitBreaker breaker = breakerFor(name);
    if (breaker.tryAcquirePermission()) {
      return new CallPermit(breaker);
    }
    return new Refusal(holdFor(name));
  }

  /** Whether every provider's circuit is closed, so that any call would be admitted now. */
  public boolean allClosed() {
    for (CircuitBreaker breaker : breakers.values()) {
      if (breaker.getState() != State.CLOSED) {
        return false;
      }
    }
    return true;
  }

  /** Creates the provider's breaker, and so its gauge, before the first call. */
  public void track(String provider) {
    breakerFor(nameOf(provider));
  }

  /** Each provider's circuit state, by provider name (its base URL without credentials). */
  public Map<String, State> states() {
    Map<String, State> states = new TreeMap<>();
    breakers.forEach((name, breaker) -> states.put(name, breaker.getState()));
    return states;
  }

  private Duration holdFor(String name) {
    Instant opened = openedAt.get(name);
    Duration remaining =
        opened == null
            ? Duration.ZERO
            : Duration.between(clock.instant(), opened.plus(properties.openWait()));
    if (remaining.isNegative()) {
      remaining = Duration.ZERO;
    }
    Duration jitter =
        Duration.ofMillis(
            properties.delayJitter().isZero()
                ? 0
                : uniformUpTo.applyAsLong(properties.delayJitter().toMillis()));
    Duration hold = remaining.plus(jitter);
    return hold.compareTo(LEAST_HOLD) < 0 ? LEAST_HOLD : hold;
  }

  private CircuitBreaker breakerFor(String name) {
    return breakers.computeIfAbsent(name, this::create);
  }

  private CircuitBreaker create(String name) {
    CircuitBreaker breaker = registry.circuitBreaker(name);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              State to = event.getStateTransition().getToState();
              if (to == State.OPEN || to == State.FORCED_OPEN) {
                openedAt.put(name, clock.instant());
                log.warn(
                    "circuit of LLM provider {} is open: calls are held back for {} s",
                    name,
                    properties.openWait().toSeconds());
              } else {
                log.info(
                    "circuit of LLM provider {}: {} -> {}",
                    name,
                    event.getStateTransition().getFromState(),
                    to);
              }
            });
    Gauge.builder("promptly.worker.circuit.state", breaker, b -> stateCode(b.getState()))
        .description("Circuit breaker of an LLM provider: 0 closed, 1 open, 2 half-open")
        .tag("provider", name)
        .register(meters);
    return breaker;
  }

  static int stateCode(State state) {
    return switch (state) {
      case CLOSED, DISABLED, METRICS_ONLY -> 0;
      case OPEN, FORCED_OPEN -> 1;
      case HALF_OPEN -> 2;
    };
  }

  /** The base URL without credentials or query, fit for a metric tag and a log line. */
  public static String nameOf(String baseUrl) {
    try {
      URI uri = URI.create(baseUrl);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return baseUrl;
      }
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return uri.getScheme() + "://" + uri.getHost() + port + path;
    } catch (IllegalArgumentException e) {
      return baseUrl;
    }
  }
}
