package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ModelSpec;
import org.junit.jupiter.api.Test;

class PricingTest {
  // gpt-4o-mini: USD 0.15 per million prompt tokens, USD 0.60 per million completion tokens.
  private final ModelSpec mini =
      new ModelSpec("default", "gpt-4o-mini", 128000, 150_000, 600_000, null);

  @Test
  void aCallIsPricedInWholeMicroDollarsFromThePricePerMillion() {
    assertThat(mini.costMicros(1_000_000, 1_000_000)).isEqualTo(750_000);
  }

  @Test
  void fractionsOfAMicroDollarAreRoundedUpPerKindOfToken() {
    // 10 prompt tokens cost 1.5 micro-dollars, 1 completion token 0.6: 2 + 1.
    assertThat(mini.costMicros(10, 1)).isEqualTo(3);
  }

  @Test
  void aCallWithoutTokensIsFree() {
    assertThat(mini.costMicros(0, 0)).isZero();
  }

  @Test
  void largeCallsDoNotOverflow() {
    ModelSpec expensive = new ModelSpec("quality", "gpt-4o", 128000, 2_500_000, 10_000_000, null);

    assertThat(expensive.costMicros(128_000, 32_768)).isEqualTo(320_000 + 327_680);
  }
}
