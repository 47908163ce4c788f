package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.budgets.Reservation;
import dev.promptly.worker.llm.ChatCompletion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UsageTest {
  private static final ModelSpec GPT_4O_MINI =
      new ModelSpec("default", "gpt-4o-mini", 128_000, 150_000, 600_000, null);

  @Test
  void costIsPricedPerMillionTokensFromTheCatalogEntry() {
    ChatCompletion completion = new ChatCompletion("summary", "stop", 1_000_000, 500_000);

    Usage usage = Usage.of(completion, GPT_4O_MINI, Duration.ZERO, Reservation.UNLIMITED);

    assertThat(usage.promptTokens()).isEqualTo(1_000_000);
    assertThat(usage.completionTokens()).isEqualTo(500_000);
    assertThat(usage.costMicros()).isEqualTo(150_000 + 300_000);
  }

  @Test
  void fractionsOfAMicroDollarAreRoundedUpNeverGivenAway() {
    ChatCompletion completion = new ChatCompletion("hi", "stop", 7, 3);

    Usage usage = Usage.of(completion, GPT_4O_MINI, Duration.ZERO, Reservation.UNLIMITED);

    // 7 × 0.15 = 1.05 → 2; 3 × 0.6 = 1.8 → 2
    assertThat(usage.costMicros()).isEqualTo(4);
  }

  @Test
  void aCallWithoutTokensCostsNothing() {
    Usage usage =
        Usage.of(
            new ChatCompletion("", "stop", 0, 0),
            GPT_4O_MINI,
            Duration.ZERO,
            Reservation.UNLIMITED);

    assertThat(usage.costMicros()).isZero();
  }
}
