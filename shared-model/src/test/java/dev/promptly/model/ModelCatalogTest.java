package dev.promptly.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private final ModelSpec mini =
      new ModelSpec("default", "gpt-4o-mini", 128_000, 150_000, 600_000, null);
  private final ModelSpec big =
      new ModelSpec("quality", "gpt-4o", 128_000, 2_500_000, 10_000_000, "default");

  @Test
  void resolvesByAliasThenByModelName() {
    ModelCatalog catalog = new ModelCatalog(List.of(mini, big));

    assertThat(catalog.resolve("quality")).contains(big);
    assertThat(catalog.resolve("gpt-4o-mini")).contains(mini);
    assertThat(catalog.resolve("gpt-5")).isEmpty();
  }

  @Test
  void fallbackToUnknownAliasIsRejected() {
    ModelSpec orphan = new ModelSpec("x", "m", 1000, 1, 1, "missing");

    assertThatThrownBy(() -> new ModelCatalog(List.of(orphan))).hasMessageContaining("missing");
  }

  @Test
  void entryWithoutAProviderIsServedByTheDefaultProvider() {
    ModelSpec local = new ModelSpec("fast", "llama-3.1-8b", 8192, 0, 0, "default", "local-vllm");

    assertThat(mini.provider()).isEqualTo(ModelSpec.DEFAULT_PROVIDER);
    assertThat(local.provider()).isEqualTo("local-vllm");
  }

  @Test
  void fallbackOfAnEntryIsTheEntryItNames() {
    ModelCatalog catalog = new ModelCatalog(List.of(mini, big));

    assertThat(catalog.fallbackOf(big)).contains(mini);
    assertThat(catalog.fallbackOf(mini)).isEmpty();
  }

  @Test
  void costIsPricedPerMillionTokensAndRoundedUp() {
    // 1000 prompt tokens at $0.15/M = 150 micros; 1 completion token at $0.60/M = 0.6 -> 1 micro.
    assertThat(mini.costMicros(1000, 1)).isEqualTo(151);
    assertThat(mini.costMicros(0, 0)).isZero();
  }

  @Test
  void jobIdsSortByCreationTime() {
    String earlier =
        JobIds.next(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    String later =
        JobIds.next(Clock.fixed(Instant.parse("2026-01-01T00:00:00.001Z"), ZoneOffset.UTC));

    assertThat(earlier).isLessThan(later);
    assertThat(JobIds.isWellFormed(earlier)).isTrue();
    assertThat(JobIds.isWellFormed("job_../etc")).isFalse();
  }
}
