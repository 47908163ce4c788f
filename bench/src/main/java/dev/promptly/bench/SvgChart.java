package dev.promptly.bench;

import java.util.List;
import java.util.Locale;

/**
 * The report's chart, drawn as plain SVG: throughput per second over each scenario's time, and the
 * latency percentiles of each scenario as bars on a logarithmic scale.
 */
final class SvgChart {
  /** A line: points (x = second, y = events in that second). */
  record Series(String name, List<double[]> points) {}

  /** A group of bars: one scenario's p50, p95, p99 and max in ms. */
  record Bars(String name, double p50, double p95, double p99, double max) {}

  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final int WIDTH = 960;
  private static final int PANEL = 360;
  private static final int LEFT = 70;
  private static final int PLOT_WIDTH = 640;

  private final StringBuilder svg = new StringBuilder();

  private SvgChart() {}

  static String render(List<Series> throughput, List<Bars> latencies) {
    SvgChart chart = new SvgChart();
    chart.svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">\n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            WIDTH,
            2 * PANEL + 40));
    chart.lines(throughput, 20);
    chart.bars(latencies, PANEL + 40);
    chart.svg.append("</svg>\n");
    return chart.svg.toString();
  }

  private void lines(List<Series> series, int top) {
    double maxX = 1;
    double maxY = 1;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    int plotTop = top + 20;
    int plotHeight = PANEL - 70;
    frame("Throughput over time (jobs per second)", top, plotTop, plotHeight, "s since start");
    axisLabels(plotTop, plotHeight, 0, maxY, false);
    for (int i = 0; i < series.size(); i++) {
      StringBuilder points = new StringBuilder();
      for (double[] p : series.get(i).points()) {
        points
            .append(fmt(LEFT + p[0] / maxX * PLOT_WIDTH))
            .append(',')
            .append(fmt(plotTop + plotHeight - p[1] / maxY * plotHeight))
            .append(' ');
      }
      svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(colour(i))
          .append("\" points=\"")
          .append(points.toString().strip())
          .append("\"/>\n");
      legend(i, series.get(i).name(), plotTop);
    }
    text(LEFT + PLOT_WIDTH, plotTop + plotHeight + 16, "end", fmt(maxX) + " s");
  }

  private void bars(List<Bars> groups, int top) {
    int plotTop = top + 20;
    int plotHeight = PANEL - 90;
    double maxMs = 1;
    for (Bars b : groups) {
      maxMs = Math.max(maxMs, b.max());
    }
    double decades = Math.ceil(Math.log10(maxMs)) + 1; // from 0.1 ms
    frame("Latency percentiles (ms, log scale): p50, p95, p99, max", top, plotTop, plotHeight, "");
    axisLabels(plotTop, plotHeight, -1, decades - 1, true);
    double groupWidth = PLOT_WIDTH / (double) Math.max(groups.size(), 1);
    for (int g = 0; g < groups.size(); g++) {
      Bars b = groups.get(g);
      double[] values = {b.p50(), b.p95(), b.p99(), b.max()};
      for (int v = 0; v < values.length; v++) {
        double height =
            Math.max(0, (Math.log10(Math.max(values[v], 0.1)) + 1) / decades) * plotHeight;
        double x = LEFT + g * groupWidth + 4 + v * (groupWidth - 8) / 4;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"><title>%s %s: %s ms</title></rect>\n",
                fmt(x),
                fmt(plotTop + plotHeight - height),
                fmt((groupWidth - 8) / 4 - 1),
                fmt(height),
                COLOURS[v],
                escape(b.name()),
                new String[] {"p50", "p95", "p99", "max"}[v],
                fmt(values[v])));
      }
      text(LEFT + g * groupWidth + groupWidth / 2, plotTop + plotHeight + 14, "middle", b.name());
    }
    for (int v = 0; v < 4; v++) {
      legend(v, new String[] {"p50", "p95", "p99", "max"}[v], plotTop);
    }
  }

  private void frame(String title, int top, int plotTop, int plotHeight, String xLabel) {
    text(LEFT, top + 12, "start", title);
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
            LEFT,
            plotTop,
            PLOT_WIDTH,
            plotHeight));
    text(LEFT + PLOT_WIDTH / 2.0, plotTop + plotHeight + 30, "middle", xLabel);
  }

  private void axisLabels(int plotTop, int plotHeight, double from, double to, boolean log) {
    // A log axis is labelled at each power of ten, a linear one at quarters.
    int steps = log ? (int) Math.round(to - from) : 4;
    for (int i = 0; i <= steps; i++) {
      double value = from + (to - from) * i / steps;
      double y = plotTop + plotHeight - plotHeight * i / (double) steps;
      String label = log ? fmt(Math.pow(10, value)) : fmt(value);
      text(LEFT - 6, y + 4, "end", label);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#eee\"/>\n",
              LEFT,
              LEFT + PLOT_WIDTH,
              fmt(y),
              fmt(y)));
    }
  }

  private void legend(int index, String name, int plotTop) {
    int y = plotTop + 10 + index * 16;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
            LEFT + PLOT_WIDTH + 16,
            y - 9,
            colour(index)));
    text(LEFT + PLOT_WIDTH + 32, y, "start", name);
  }

  private void text(double x, double y, String anchor, String text) {
    svg.append("<text x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(fmt(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(escape(text))
        .append("</text>\n");
  }

  private static String colour(int index) {
    return COLOURS[index % COLOURS.length];
  }

  private static String fmt(double value) {
    return value >= 10 || value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
