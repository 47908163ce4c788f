package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

class CallPermitTest {

  @Test
  void callThroughAHalfOpenCircuitIsATrial() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("provider");
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState();

    CallPermit permit = new CallPermit(breaker);

    assertThat(permit.isTrial()).isTrue();
  }

  @Test
  void callThroughAClosedCircuitIsNoTrial() {
    CallPermit permit = new CallPermit(CircuitBreaker.ofDefaults("provider"));

    assertThat(permit.isTrial()).isFalse();
  }

  @Test
  void failureThatOpensTheCircuitShowsItOpen() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("provider");
    breaker.transitionToOpenState();
    breaker.transitionToHalfOpenState();
    CallPermit permit = new CallPermit(breaker);

    breaker.transitionToOpenState();

    assertThat(permit.isCircuitOpen()).isTrue();
  }
}
