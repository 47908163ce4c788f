package dev.promptly.api.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The overview's charts, one value per minute from the first minute on. */
final class Charts {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Charts() {}

  static LineChart throughput(List<OverviewReads.Minute> rows, Instant first, int minutes) {
    double[] succeeded = new double[minutes];
    double[] failed = new double[minutes];
    double[] cancelled = new double[minutes];
    for (OverviewReads.Minute row : rows) {
      int i = index(row.minute(), first, minutes);
      if (i >= 0) {
        succeeded[i] = row.succeeded();
        failed[i] = row.failed();
        cancelled[i] = row.cancelled();
      }
    }
    return LineChart.of(
        "Jobs ended per minute",
        "jobs",
        MINUTE.format(first),
        MINUTE.format(first.plus(minutes - 1, ChronoUnit.MINUTES)),
        List.of(
            new LineChart.Line("succeeded", "line-succeeded", succeeded, total(succeeded)),
            new LineChart.Line("failed", "line-failed", failed, total(failed)),
            new LineChart.Line("cancelled", "line-cancelled", cancelled, total(cancelled))));
  }

  static LineChart latency(List<OverviewReads.Minute> rows, Instant first, int minutes) {
    double[] p50 = new double[minutes];
    double[] p95 = new double[minutes];
    for (OverviewReads.Minute row : rows) {
      int i = index(row.minute(), first, minutes);
      if (i >= 0) {
        p50[i] = row.p50Seconds();
        p95[i] = row.p95Seconds();
      }
    }
    return LineChart.of(
        "End-to-end latency (submitted → ended)",
        "s",
        MINUTE.format(first),
        MINUTE.format(first.plus(minutes - 1, ChronoUnit.MINUTES)),
        List.of(
            new LineChart.Line("p50", "line-p50", p50, seconds(last(p50))),
            new LineChart.Line("p95", "line-p95", p95, seconds(last(p95)))));
  }

  private static int index(Instant minute, Instant first, int minutes) {
    long i = ChronoUnit.MINUTES.between(first, minute);
    return i >= 0 && i < minutes ? (int) i : -1;
  }

  private static String total(double[] values) {
    long sum = 0;
    for (double value : values) {
      sum += (long) value;
    }
    return sum + " in the hour";
  }

  private static double last(double[] values) {
    for (int i = values.length - 1; i >= 0; i--) {
      if (values[i] > 0) {
        return values[i];
      }
    }
    return 0;
  }

  private static String seconds(double value) {
    return String.format(Locale.ROOT, "latest %.2f s", value);
  }
}
