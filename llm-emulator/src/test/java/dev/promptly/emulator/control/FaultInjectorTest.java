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

  private static ConfigPatch outage() {
    return new ConfigPatch(null, null, null, null, null, true, null, null, null, null, null);
  }

  private static ConfigPatch rpmLimit(int limit) {
    return new ConfigPatch(null, null, null, null, null, null, limit, null, null, null, null);
  }

  static EmulatorProperties defaultProperties() {
    return new EmulatorProperties(
        null, List.of("gpt-4o-mini"), 0, 0, 0, 0, 500, false, 0, 128_000, Map.of(), true);
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
