package dev.promptly.bench;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the machine's ceilings from the output of the tools that measured them. */
final class Ceilings {
  private static final Pattern PGBENCH_TPS =
      Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)", Pattern.MULTILINE);
  private static final Pattern PERFTEST_SENDING =
      Pattern.compile("sending rate avg: ([0-9.]+) msg/s");
  private static final Pattern PERFTEST_CONFIRM =
      Pattern.compile(
          "confirm latency min/median/75th/95th/99th ([0-9]+)/([0-9]+)/[0-9]+/[0-9]+/([0-9]+) µs");

  private Ceilings() {}

  /** pgbench's transactions per second, without connection set-up; empty if it did not run. */
  static OptionalDouble pgbenchTps(String output) {
    return first(PGBENCH_TPS, output);
  }

  /** PerfTest's average publishing rate (confirmed publishes with {@code -c}); empty if none. */
  static OptionalDouble perfTestSendRate(String output) {
    return first(PERFTEST_SENDING, output);
  }

  /** PerfTest's median and 99th percentile publisher-confirm latency in ms, if it printed them. */
  static double[] perfTestConfirmLatencyMs(String output) {
    Matcher matcher = PERFTEST_CONFIRM.matcher(output);
    if (!matcher.find()) {
      return new double[0];
    }
    return new double[] {
      Long.parseLong(matcher.group(2)) / 1000.0, Long.parseLong(matcher.group(3)) / 1000.0
    };
  }

  /**
   * What S1 is compared with: a submission costs about two Postgres transactions (the job with its
   * dispatch row, then marking it sent) and one confirmed persistent publish, so the platform
   * cannot accept more than the slower of those two ceilings.
   */
  static double submitCeiling(double bestPgbenchTps, double perfTestMsgPerS) {
    return Math.min(bestPgbenchTps / 2, perfTestMsgPerS);
  }

  private static OptionalDouble first(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    return matcher.find()
        ? OptionalDouble.of(Double.parseDouble(matcher.group(1)))
        : OptionalDouble.empty();
  }
}
