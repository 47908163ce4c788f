package dev.promptly.worker.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Says in the worker's health (and its readiness group) which provider circuits are open. An open
 * circuit is reported as {@link #CIRCUIT_OPEN}, a status outside the aggregation order, so it never
 * takes the worker out of readiness: readiness only routes HTTP traffic (a worker takes its work
 * from the broker either way), every worker shares the same providers, and a readiness failure on
 * all pods at once would stall rollouts and evictions while telling nobody more than the {@code
 * promptly_worker_circuit_state} gauge and its alert already do.
 */
class ProviderCircuitsHealth implements HealthIndicator {
  /** At least one provider's circuit is open or half-open. */
  static final Status CIRCUIT_OPEN =
      new Status("CIRCUIT_OPEN", "calls to a provider are held back; its jobs wait");

  private final ProviderCircuits circuits;

  ProviderCircuitsHealth(ProviderCircuits circuits) {
    this.circuits = circuits;
  }

  @Override
  public Health health() {
    Map<String, State> states = circuits.states();
    boolean anyOpen =
        states.values().stream().anyMatch(state -> ProviderCircuits.stateCode(state) != 0);
    Health.Builder health = anyOpen ? Health.status(CIRCUIT_OPEN) : Health.up();
    states.forEach((provider, state) -> health.withDetail(provider, lower(state)));
    return health.build();
  }

  private static String lower(State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
