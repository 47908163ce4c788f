package dev.promptly.worker.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static final RetryProperties DEFAULTS =
      new RetryProperties(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ZERO);

  @Test
  void delayStaysWithinTheDoublingCeilingOfEachAttempt() {
    RetryBackoff backoff = new RetryBackoff(DEFAULTS);

    for (int attempt = 1; attempt <= 6; attempt++) {
      long ceiling = 1000L << (attempt - 1);
      for (int draw = 0; draw < 200; draw++) {
        assertThat(backoff.delayAfter(attempt, Optional.empty()))
            .isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
      }
    }
  }

  @Test
  void fullJitterCanDrawAnythingFromZeroToTheCeiling() {
    RetryBackoff lowest = new RetryBackoff(DEFAULTS, bound -> 0);
    RetryBackoff highest = new RetryBackoff(DEFAULTS, bound -> bound);

    assertThat(lowest.delayAfter(3, Optional.empty())).isEqualTo(Duration.ZERO);
    assertThat(highest.delayAfter(3, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void ceilingStopsAtTheCapHoweverManyAttemptsCameBefore() {
    RetryBackoff highest = new RetryBackoff(DEFAULTS, bound -> bound);

    assertThat(highest.delayAfter(10, Optional.empty())).isEqualTo(Duration.ofMinutes(5));
    assertThat(highest.delayAfter(Integer.MAX_VALUE, Optional.empty()))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void delayIsNeverShorterThanTheProvidersRetryAfter() {
    RetryBackoff lowest = new RetryBackoff(DEFAULTS, bound -> 0);

    assertThat(lowest.delayAfter(1, Optional.of(Duration.ofSeconds(20))))
        .isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void retryAfterBeyondTheCapIsStillHonoured() {
    RetryBackoff highest = new RetryBackoff(DEFAULTS, bound -> bound);

    assertThat(highest.delayAfter(1, Optional.of(Duration.ofMinutes(10))))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void drawnDelayLongerThanRetryAfterIsKept() {
    RetryBackoff highest = new RetryBackoff(DEFAULTS, bound -> bound);

    assertThat(highest.delayAfter(4, Optional.of(Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void delayIsNeverShorterThanTheConfiguredMinimum() {
    RetryProperties withFloor =
        new RetryProperties(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(3));
    RetryBackoff lowest = new RetryBackoff(withFloor, bound -> 0);

    assertThat(lowest.delayAfter(1, Optional.empty())).isEqualTo(Duration.ofSeconds(3));
  }
}
