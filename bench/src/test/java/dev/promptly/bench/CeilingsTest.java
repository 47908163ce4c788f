package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CeilingsTest {
  private static final String PGBENCH =
      """
      number of transactions actually processed: 61234
      latency average = 1.306 ms
      initial connection time = 12.345 ms
      tps = 6123.456789 (without initial connection time)
      """;
  private static final String PERFTEST =
      """
      id: test-164559-218, time 3.002 s, sent: 2386 msg/s, confirmed: 2295 msg/s
      test stopped (Reached time limit)
      id: test-164559-218, sending rate avg: 1962 msg/s
      id: test-164559-218, receiving rate avg: 1960 msg/s
      id: test-164559-218, confirm latency min/median/75th/95th/99th 448/10812/18579/39890/58120 µs
      """;

  @Test
  void pgbenchTpsIsTheRateWithoutConnectionSetUp() {
    assertThat(Ceilings.pgbenchTps(PGBENCH)).hasValue(6123.456789);
  }

  @Test
  void perfTestRateIsTheAverageSendingRate() {
    assertThat(Ceilings.perfTestSendRate(PERFTEST)).hasValue(1962);
  }

  @Test
  void perfTestConfirmLatencyIsItsMedianAndP99InMilliseconds() {
    assertThat(Ceilings.perfTestConfirmLatencyMs(PERFTEST)).containsExactly(10.812, 58.12);
  }

  @Test
  void outputOfAToolThatFailedHasNoCeiling() {
    assertThat(Ceilings.pgbenchTps("pgbench: error: connection refused")).isEmpty();
    assertThat(Ceilings.perfTestSendRate("")).isEmpty();
    assertThat(Ceilings.perfTestConfirmLatencyMs("")).isEmpty();
  }

  @Test
  void submitCeilingIsTheSlowerOfHalfThePostgresRateAndTheBrokerRate() {
    assertThat(Ceilings.submitCeiling(6000, 1962)).isEqualTo(1962);
    assertThat(Ceilings.submitCeiling(3000, 1962)).isEqualTo(1500);
  }
}
