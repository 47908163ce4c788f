package dev.promptly.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.worker.llm.ProviderLimits;
import dev.promptly.worker.llm.ProviderLimits.Quota;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalProviderWindowsTest {
  private static final String KEY = "p:model";
  private final SettableClock clock = new SettableClock();
  private final LocalProviderWindows windows =
      new LocalProviderWindows(
          clock, new ProviderLimitsProperties(true, Duration.ofMinutes(10), 0.01, true));

  @Test
  void theConfiguredRequestsPerMinuteHoldBackTheCallBeyondThem() {
    assertThat(windows.acquire(KEY, 2, 0, 1, "a")).isEqualTo(ProviderWindows.ADMITTED);
    clock.advance(Duration.ofSeconds(10));
    assertThat(windows.acquire(KEY, 2, 0, 1, "b")).isEqualTo(ProviderWindows.ADMITTED);

    assertThat(windows.acquire(KEY, 2, 0, 1, "c")).isEqualTo(50_000);
  }

  @Test
  void aModelWithoutAnyLimitIsNotCounted() {
    assertThat(windows.acquire(KEY, 0, 0, 1, "a")).isEqualTo(ProviderWindows.UNLIMITED);
  }

  @Test
  void aLearnedLimitAppliesWhereTheCatalogSetsNone() {
    windows.learn(KEY, requests(2, 2, Duration.ZERO));

    windows.acquire(KEY, 0, 0, 1, "a");
    windows.acquire(KEY, 0, 0, 1, "b");

    assertThat(windows.acquire(KEY, 0, 0, 1, "c")).isPositive();
  }

  @Test
  void aLearnedLimitNeverRaisesTheCatalogs() {
    windows.learn(KEY, requests(100, 100, Duration.ZERO));

    windows.acquire(KEY, 1, 0, 1, "a");

    assertThat(windows.acquire(KEY, 1, 0, 1, "b")).isPositive();
  }

  @Test
  void aLowerLearnedLimitLowersTheCatalogs() {
    windows.learn(KEY, requests(1, 1, Duration.ZERO));

    windows.acquire(KEY, 10, 0, 1, "a");

    assertThat(windows.acquire(KEY, 10, 0, 1, "b")).isPositive();
  }

  @Test
  void callsTheProviderCountedButTheWindowDidNotEnterIt() {
    // Three calls went out before anything was learned; the provider counts them.
    windows.learn(KEY, requests(4, 1, Duration.ofSeconds(30)));

    assertThat(windows.acquire(KEY, 0, 0, 1, "a")).isEqualTo(ProviderWindows.ADMITTED);
    assertThat(windows.acquire(KEY, 0, 0, 1, "b")).isPositive();
  }

  @Test
  void nothingLeftPausesTheWindowUntilTheProvidersReset() {
    long pause = windows.learn(KEY, requests(100, 0, Duration.ofSeconds(7)));

    assertThat(pause).isEqualTo(7_000);
    assertThat(windows.acquire(KEY, 0, 0, 1, "a")).isEqualTo(7_000);
    clock.advance(Duration.ofSeconds(7));
    // The window itself is full of what the provider counted, so it waits for that too.
    assertThat(windows.acquire(KEY, 0, 0, 1, "a")).isPositive();
  }

  @Test
  void tokensNearlyUsedUpPauseTheWindow() {
    long pause =
        windows.learn(
            KEY, new ProviderLimits(null, new Quota(100_000, 900, Duration.ofMillis(1500))));

    assertThat(pause).isEqualTo(1500);
  }

  @Test
  void theProvidersTokenLimitPausesTheWindowButSetsNoLimitOfItsOwn() {
    // Calls are held at their worst case, which the provider does not count: see the Lua script.
    windows.learn(KEY, new ProviderLimits(null, new Quota(1_000, 500, Duration.ofSeconds(5))));

    assertThat(windows.acquire(KEY, 0, 0, 900, "a")).isEqualTo(ProviderWindows.UNLIMITED);
  }

  @Test
  void aLearnedLimitExpiresWithoutAnswersToRenewIt() {
    windows.learn(KEY, requests(1, 1, Duration.ZERO));
    clock.advance(Duration.ofMinutes(11));

    assertThat(windows.acquire(KEY, 0, 0, 1, "a")).isEqualTo(ProviderWindows.UNLIMITED);
  }

  @Test
  void aCallLeavesTheWindowAMinuteAfterItEnded() {
    windows.acquire(KEY, 1, 0, 1, "a");
    clock.advance(Duration.ofSeconds(30));
    windows.done(KEY, "a", 1);
    clock.advance(Duration.ofSeconds(40));

    assertThat(windows.acquire(KEY, 1, 0, 1, "b")).isEqualTo(20_000);
    clock.advance(Duration.ofSeconds(20));
    assertThat(windows.acquire(KEY, 1, 0, 1, "b")).isEqualTo(ProviderWindows.ADMITTED);
  }

  @Test
  void theTokensPerMinuteHoldBackACallThatWouldPassThem() {
    windows.acquire(KEY, 0, 100, 60, "a");

    assertThat(windows.acquire(KEY, 0, 100, 50, "b")).isEqualTo(60_000);
    assertThat(windows.acquire(KEY, 0, 100, 40, "c")).isEqualTo(ProviderWindows.ADMITTED);
  }

  private static ProviderLimits requests(long limit, long remaining, Duration reset) {
    return new ProviderLimits(new Quota(limit, remaining, reset), null);
  }
}
