package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  private final Percentiles oneToHundred =
      Percentiles.of(IntStream.rangeClosed(1, 100).mapToDouble(i -> 101 - i).toArray());

  @Test
  void nearestRankPercentileIsASampleWithThatShareAtOrBelowIt() {
    assertThat(oneToHundred.percentile(50)).isEqualTo(50);
    assertThat(oneToHundred.percentile(99)).isEqualTo(99);
    assertThat(oneToHundred.percentile(99.5)).isEqualTo(100);
    assertThat(oneToHundred.percentile(100)).isEqualTo(100);
  }

  @Test
  void smallSetsRoundTheRankUp() {
    Percentiles three = Percentiles.of(30, 10, 20);

    assertThat(three.percentile(50)).isEqualTo(20);
    assertThat(three.percentile(34)).isEqualTo(20);
    assertThat(three.percentile(33)).isEqualTo(10);
    assertThat(three.percentile(0.1)).isEqualTo(10);
  }

  @Test
  void summaryHoldsTheUsualPercentilesMaxAndMean() {
    LatencySummary summary = oneToHundred.summary();

    assertThat(summary.count()).isEqualTo(100);
    assertThat(summary.p50()).isEqualTo(50);
    assertThat(summary.p90()).isEqualTo(90);
    assertThat(summary.p95()).isEqualTo(95);
    assertThat(summary.p99()).isEqualTo(99);
    assertThat(summary.max()).isEqualTo(100);
    assertThat(summary.mean()).isEqualTo(50.5);
  }

  @Test
  void noSamplesGiveNoSummary() {
    assertThat(Percentiles.of().summary()).isNull();
    assertThat(Percentiles.of().percentile(50)).isNaN();
  }

  @Test
  void percentileOutsideZeroToHundredIsRefused() {
    assertThatThrownBy(() -> oneToHundred.percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> oneToHundred.percentile(100.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
