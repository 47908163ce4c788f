package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProviderCircuitsTest {
  private static final String PROVIDER = "http://llm.internal:8090/v1";
  private static final CircuitProperties PROPERTIES =
      new CircuitProperties(50, 8, 4, Duration.ofSeconds(30), 3, Duration.ofSeconds(5));

  private final SettableClock clock = new SettableClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ProviderCircuits circuits =
      new ProviderCircuits(
          CircuitBreakerRegistry.of(PROPERTIES.toConfig(clock)),
          PROPERTIES,
          meters,
          clock,
          bound -> bound);

  @Test
  void circuitOpensOnceProviderFaultsReachTheFailureRate() {
    recordFailures(PROVIDER, 4);

    assertThat(circuits.admit(PROVIDER)).isInstanceOf(Refusal.class);
    assertThat(state(PROVIDER)).isEqualTo(1);
  }

  @Test
  void circuitStaysClosedWhileMostCallsSucceed() {
    for (int i = 0; i < 5; i++) {
      ((CallPermit) circuits.admit(PROVIDER)).recordSuccess();
    }
    recordFailures(PROVIDER, 3);

    assertThat(circuits.admit(PROVIDER)).isInstanceOf(CallPermit.class);
    assertThat(state(PROVIDER)).isZero();
  }

  @Test
  void releasedPermitsGiveNoVerdict() {
    for (int i = 0; i < 10; i++) {
      CallPermit permit = (CallPermit) circuits.admit(PROVIDER);
      permit.release();
      permit.recordFailure(new IllegalStateException("after release: ignored"));
    }

    assertThat(circuits.admit(PROVIDER)).isInstanceOf(CallPermit.class);
  }

  @Test
  void refusalHoldsTheJobForTheRestOfTheOpenWaitPlusJitter() {
    recordFailures(PROVIDER, 4);
    clock.advance(Duration.ofSeconds(10));

    Admission admission = circuits.admit(PROVIDER);

    assertThat(admission)
        .isEqualTo(new Refusal(Duration.ofSeconds(20).plus(PROPERTIES.delayJitter())));
  }

  @Test
  void afterTheOpenWaitTrialCallsGoThroughAndTheirSuccessClosesTheCircuit() {
    recordFailures(PROVIDER, 4);
    clock.advance(PROPERTIES.openWait().plusSeconds(1));

    for (int i = 0; i < PROPERTIES.halfOpenCalls(); i++) {
      Admission trial = circuits.admit(PROVIDER);
      assertThat(trial).isInstanceOf(CallPermit.class);
      assertThat(state(PROVIDER)).isEqualTo(2);
      ((CallPermit) trial).recordSuccess();
    }

    assertThat(state(PROVIDER)).isZero();
  }

  @Test
  void refusalWhileTheTrialCallsAreOutWaitsAtLeastTheJitter() {
    recordFailures(PROVIDER, 4);
    clock.advance(PROPERTIES.openWait().plusSeconds(1));
    for (int i = 0; i < PROPERTIES.halfOpenCalls(); i++) {
      circuits.admit(PROVIDER);
    }

    assertThat(circuits.admit(PROVIDER)).isEqualTo(new Refusal(PROPERTIES.delayJitter()));
  }

  @Test
  void oneProvidersOpenCircuitDoesNotHoldBackAnother() {
    recordFailures(PROVIDER, 4);

    assertThat(circuits.admit("http://other.internal/v1")).isInstanceOf(CallPermit.class);
  }

  @Test
  void gaugeExistsForATrackedProviderBeforeItsFirstCall() {
    circuits.track(PROVIDER);

    assertThat(state(PROVIDER)).isZero();
  }

  @Test
  void providerIsNamedWithoutCredentialsOrQuery() {
    assertThat(ProviderCircuits.nameOf("https://user:secret@api.example.com:8443/v1?key=abc"))
        .isEqualTo("https://api.example.com:8443/v1");
  }

  private void recordFailures(String provider, int count) {
    for (int i = 0; i < count; i++) {
      ((CallPermit) circuits.admit(provider)).recordFailure(new IllegalStateException("503"));
    }
  }

  private double state(String provider) {
    return meters
        .get("promptly.worker.circuit.state")
        .tag("provider", ProviderCircuits.nameOf(provider))
        .gauge()
        .value();
  }

  /** A clock the test moves by hand. */
  private static final class SettableClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
