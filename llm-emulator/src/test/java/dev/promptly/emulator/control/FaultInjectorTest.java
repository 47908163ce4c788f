package dev.promptly.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final EmulatorConfig config = new EmulatorConfig(defaultProperties());
  private double nextRoll = 0.5;
  private final FaultInjector injector =
      new FaultInjector(config, new RequestWindow(clock), () -> nextRoll);

  @Test
  void noFaultByDefault() {
    assertThat(injector.chooseFault()).isEmpty();
  }

  @Test
  void outageFailsEveryRequest() {
    config.apply(outage());

    assertThat(injector.chooseFault()).contains(new Fault.Outage());
  }

  @Test
  void outageWinsOverInjectedErrors() {
    config.apply(new ConfigPatch(null, null, null, 1.0, null, true, null, null, null, null, null));

    assertThat(injector.chooseFault()).contains(new Fault.Outage());
  }

  @Test
  void errorIsInjectedWhenTheRollFallsBelowTheRate() {
    config.apply(new ConfigPatch(null, null, null, 0.3, 503, null, null, null, null, null, null));
    nextRoll = 0.29;

    assertThat(injector.chooseFault()).contains(new Fault.InjectedError(503));
  }

  @Test
  void noErrorWhenTheRollReachesTheRate() {
    config.apply(new ConfigPatch(null, null, null, 0.3, null, null, null, null, null, null, null));
    nextRoll = 0.3;

    assertThat(injector.chooseFault()).isEmpty();
  }

  @Test
  void requestsBeyondTheRpmLimitAreRateLimited() {
    config.apply(rpmLimit(2));
    injector.chooseFault();
    clock.advance(Duration.ofSeconds(20));
    injector.chooseFault();

    assertThat(injector.chooseFault()).contains(new Fault.RateLimited(2, Duration.ofSeconds(40)));
  }

  @Test
  void windowRollsOverAfterSixtySeconds() {
    config.apply(rpmLimit(1));
    injector.chooseFault();

    clock.advance(Duration.ofSeconds(60));

    assertThat(injector.chooseFault()).isEmpty();
  }

  @Test
  void rejectedRequestsDoNotUseUpTheWindow() {
    config.apply(rpmLimit(1));
    injector.chooseFault();
    clock.advance(Duration.ofSeconds(30));
    injector.chooseFault();

    clock.advance(Duration.ofSeconds(30));

    assertThat(injector.chooseFault()).isEmpty();
  }

  @Test
  void forgettingAdmissionsEmptiesTheWindow() {
    config.apply(rpmLimit(1));
    injector.chooseFault();

    injector.forgetAdmissions();

    assertThat(injector.chooseFault()).isEmpty();
  }

  @Test
  void admittedRequestsSeeWhatTheWindowHasLeft() {
    config.apply(rpmLimit(3));
    injector.decide(0);
    clock.advance(Duration.ofSeconds(15));

    FaultInjector.Verdict verdict = injector.decide(0);

    assertThat(verdict.fault()).isEmpty();
    assertThat(verdict.limits())
        .isEqualTo(new RateLimitStatus(3, 1, Duration.ofSeconds(45), 0, 0, Duration.ZERO));
  }

  @Test
  void refusedRequestsSeeNothingLeftAndWhenASlotFrees() {
    config.apply(rpmLimit(1));
    injector.decide(0);
    clock.advance(Duration.ofSeconds(10));

    FaultInjector.Verdict verdict = injector.decide(0);

    assertThat(verdict.fault()).contains(new Fault.RateLimited(1, Duration.ofSeconds(50)));
    assertThat(verdict.limits().remainingRequests()).isZero();
    assertThat(verdict.limits().resetRequests()).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void requestsBeyondTheTokenLimitAreRateLimited() {
    config.apply(tpmLimit(1_000));
    assertThat(injector.decide(600).fault()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(injector.decide(300).fault()).isEmpty();
    clock.advance(Duration.ofSeconds(5));

    FaultInjector.Verdict verdict = injector.decide(200);

    // 900 tokens in the window, 200 more do not fit until the first 600 leave, 50 s from now.
    assertThat(verdict.fault())
        .contains(new Fault.TokensRateLimited(1_000, 900, 200, Duration.ofSeconds(50)));
    assertThat(verdict.limits())
        .isEqualTo(new RateLimitStatus(0, 0, Duration.ZERO, 1_000, 100, Duration.ofSeconds(50)));
  }

  @Test
  void tokensLeaveTheWindowWithTheirRequest() {
    config.apply(tpmLimit(1_000));
    injector.decide(900);
    clock.advance(Duration.ofSeconds(60));

    FaultInjector.Verdict verdict = injector.decide(900);

    assertThat(verdict.fault()).isEmpty();
    assertThat(verdict.limits().remainingTokens()).isEqualTo(100);
  }

  @Test
  void aRequestLargerThanTheTokenLimitGoesAloneIntoAnEmptyWindow() {
    config.apply(tpmLimit(1_000));

    assertThat(injector.decide(5_000).fault()).isEmpty();
    assertThat(injector.decide(1).fault()).containsInstanceOf(Fault.TokensRateLimited.class);
  }

  @Test
  void anOutageStillReportsTheLimits() {
    config.apply(rpmLimit(5));
    injector.decide(0);
    config.apply(outage());

    FaultInjector.Verdict verdict = injector.decide(0);

    assertThat(verdict.fault()).contains(new Fault.Outage());
    assertThat(verdict.limits().remainingRequests()).isEqualTo(4);
  }

  private static ConfigPatch tpmLimit(long limit) {
    return new ConfigPatch(
        null, null, null, null, null, null, null, null, null, null, null, limit, null, null, null,
        null, null, null);
  }

  private static ConfigPatch outage() {
    return new ConfigPatch(null, null, null, null, null, true, null, null, null, null, null);
  }

  private static ConfigPatch rpmLimit(int limit) {
    return new ConfigPatch(null, null, null, null, null, null, limit, null, null, null, null);
  }

  static EmulatorProperties defaultProperties() {
    return new EmulatorProperties(
        null, List.of("gpt-4o-mini"), 0, 0, 0, 0, 500, false, 0, 128_000, Map.of(), true, 0, 0);
  }

  private static final class MutableClock extends Clock {

    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

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
