package dev.promptly.api.dashboard;

import dev.promptly.api.usage.UsageResource;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A tenant's spend per day, one line per model, from the rows {@code GET /v1/usage} serves. */
final class SpendChart {
  private static final int COLOURS = 4;

  private SpendChart() {}

  static LineChart of(List<UsageResource.DailyUsage> rows, LocalDate from, int days) {
    Map<String, double[]> byModel = new TreeMap<>();
    for (UsageResource.DailyUsage row : rows) {
      int day = (int) ChronoUnit.DAYS.between(from, row.date());
      if (day >= 0 && day < days) {
        byModel.computeIfAbsent(row.model(), model -> new double[days])[day] += row.costUsd();
      }
    }
    List<LineChart.Line> lines = new ArrayList<>();
    int colour = 0;
    for (Map.Entry<String, double[]> model : byModel.entrySet()) {
      double total = 0;
      for (double value : model.getValue()) {
        total += value;
      }
      lines.add(
          new LineChart.Line(
              model.getKey(),
              "line-" + (colour++ % COLOURS),
              model.getValue(),
              String.format(Locale.ROOT, "$%.6f in %d days", total, days)));
    }
    return LineChart.of(
        "Spend per day by model",
        "USD",
        from.toString(),
        from.plusDays(days - 1).toString(),
        lines);
  }
}
