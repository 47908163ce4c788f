package dev.promptly.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Permit;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Refused;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The shared rolling window in Redis, asked directly. */
class ProviderWindowIT extends WorkerIntegrationTest {
  @Autowired ProviderRateLimits limits;

  @Test
  void aCallThatWouldPassTheTokensPerMinuteWaitsForOlderCallsToLeaveTheWindow() {
    ModelSpec spec = aModel(0, 100);

    ProviderRateLimits.Decision first = limits.acquire(spec, 60);
    ProviderRateLimits.Decision second = limits.acquire(spec, 50);

    assertThat(first).isInstanceOf(Permit.class);
    assertThat(second)
        .isInstanceOfSatisfying(
            Refused.class,
            refused ->
                assertThat(refused.retryIn())
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofMinutes(1)));
    assertThat(limits.acquire(spec, 40)).isInstanceOf(Permit.class);
  }

  @Test
  void aCallLargerThanTheWholeTokenLimitGoesIntoAnEmptyWindow() {
    ModelSpec spec = aModel(0, 100);

    assertThat(limits.acquire(spec, 500)).isInstanceOf(Permit.class);
    assertThat(limits.acquire(spec, 1)).isInstanceOf(Refused.class);
  }

  @Test
  void theRequestsPerMinuteCountEveryAdmittedCall() {
    ModelSpec spec = aModel(2, 0);

    limits.done((Permit) limits.acquire(spec, 1));
    limits.acquire(spec, 1);

    assertThat(limits.acquire(spec, 1)).isInstanceOf(Refused.class);
  }

  @Test
  void aModelWithoutLimitsNeverWaits() {
    ModelSpec spec = aModel(0, 0);

    for (int i = 0; i < 100; i++) {
      assertThat(limits.acquire(spec, 1_000_000)).isInstanceOf(Permit.class);
    }
  }

  // A model of its own per test, so that windows never carry over.
  private static ModelSpec aModel(int requestsPerMinute, long tokensPerMinute) {
    return new ModelSpec(
        "windowed",
        "model-" + UUID.randomUUID(),
        128000,
        0,
        0,
        null,
        "default",
        requestsPerMinute,
        tokensPerMinute);
  }
}
