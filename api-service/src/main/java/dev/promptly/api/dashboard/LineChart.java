package dev.promptly.api.dashboard;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn on the server as SVG coordinates, so a page needs no chart script: each series
 * becomes the {@code points} of one {@code <polyline>}; the template draws axes and labels.
 *
 * @param title what the chart shows
 * @param unit the unit of the values, for the axis label
 * @param firstLabel the label of the first x value
 * @param lastLabel the label of the last x value
 * @param max the value at the top of the chart
 * @param series the lines
 */
record LineChart(
    String title,
    String unit,
    String firstLabel,
    String lastLabel,
    double max,
    List<Series> series) {
  static final int WIDTH = 600;
  static final int HEIGHT = 160;

  LineChart {
    series = List.copyOf(series);
  }

  /** One line: its name, the CSS class that colours it, and its SVG points. */
  record Series(String name, String cssClass, String points, String total) {}

  /** Builds the chart; every series has one value per x position. */
  static LineChart of(
      String title, String unit, String firstLabel, String lastLabel, List<Line> lines) {
    double max = 0;
    for (Line line : lines) {
      for (double value : line.values()) {
        max = Math.max(max, value);
      }
    }
    double top = max <= 0 ? 1 : niceCeiling(max);
    List<Series> series =
        lines.stream()
            .map(
                line ->
                    new Series(
                        line.name(), line.cssClass(), points(line.values(), top), line.total()))
            .toList();
    return new LineChart(title, unit, firstLabel, lastLabel, top, series);
  }

  /** The values of one line, before they are placed. */
  record Line(String name, String cssClass, double[] values, String total) {}

  public String maxLabel() {
    // Axis tops are 1, 2 or 5 times a power of ten, so the plain decimal is short.
    return new BigDecimal(Double.toString(max)).stripTrailingZeros().toPlainString() + " " + unit;
  }

  private static String points(double[] values, double top) {
    StringBuilder points = new StringBuilder();
    double step = values.length > 1 ? (double) WIDTH / (values.length - 1) : 0;
    for (int i = 0; i < values.length; i++) {
      double y = HEIGHT - (values[i] / top) * HEIGHT;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", i * step, y));
    }
    return points.toString().strip();
  }

  // 1, 2 or 5 times a power of ten: an axis top a reader can take in at a glance.
  private static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (factor * power >= value) {
        return factor * power;
      }
    }
    return 10 * power;
  }
}
