package dev.promptly.bench;

import java.util.Arrays;

/**
 * Exact percentiles of a set of samples by the nearest-rank method: the p-th percentile is the
 * smallest sample with at least p % of all samples at or below it, so every figure reported is a
 * latency that some job really had. The samples are few enough (tens of thousands) to sort.
 */
final class Percentiles {
  private final double[] sorted;

  private Percentiles(double[] sorted) {
    this.sorted = sorted;
  }

  static Percentiles of(double... samples) {
    double[] copy = samples.clone();
    Arrays.sort(copy);
    return new Percentiles(copy);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The nearest-rank percentile, {@code 0 < p <= 100}; NaN without samples.
   *
   * @throws IllegalArgumentException for p outside (0, 100]
   */
  double percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  double mean() {
    return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElseThrow();
  }

  /** p50, p90, p95, p99, max and mean, in the unit of the samples; null without samples. */
  LatencySummary summary() {
    if (sorted.length == 0) {
      return null;
    }
    return new LatencySummary(
        count(), percentile(50), percentile(90), percentile(95), percentile(99), max(), mean());
  }
}
