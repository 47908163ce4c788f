package dev.promptly.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The chart's data, taken from a results tree. */
final class Charts {
  private Charts() {}

  /** Accepted jobs per second for S1, completed jobs per second for the end-to-end scenarios. */
  static List<SvgChart.Series> throughput(JsonNode results) {
    List<SvgChart.Series> series = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Targets.entries(results.path("scenarios"))) {
      JsonNode scenario = entry.getValue();
      boolean endToEnd = scenario.has("end_to_end") && !scenario.path("end_to_end").isNull();
      JsonNode timeline =
          endToEnd
              ? scenario.path("end_to_end").path("timeline")
              : scenario.path("submit").path("timeline");
      List<double[]> points = new ArrayList<>();
      for (JsonNode second : timeline) {
        points.add(
            new double[] {second.path("second").asDouble(), second.path("events").asDouble()});
      }
      series.add(
          new SvgChart.Series(entry.getKey() + (endToEnd ? " completed" : " accepted"), points));
    }
    return series;
  }

  /** Submit latency for S1, request → result stored for the others, and S4's overhead. */
  static List<SvgChart.Bars> latencies(JsonNode results) {
    List<SvgChart.Bars> bars = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : Targets.entries(results.path("scenarios"))) {
      JsonNode scenario = entry.getValue();
      JsonNode e2e = scenario.path("end_to_end");
      boolean endToEnd = !e2e.isMissingNode() && !e2e.isNull();
      add(
          bars,
          entry.getKey(),
          endToEnd ? e2e.path("latency_ms") : scenario.path("submit").path("latency_ms"));
      if (entry.getKey().equals("s4") && endToEnd) {
        add(bars, "s4 overhead", e2e.path("overhead_ms"));
      }
    }
    return bars;
  }

  private static void add(List<SvgChart.Bars> bars, String name, JsonNode latency) {
    if (latency.isObject()) {
      bars.add(
          new SvgChart.Bars(
              name,
              latency.path("p50").asDouble(),
              latency.path("p95").asDouble(),
              latency.path("p99").asDouble(),
              latency.path("max").asDouble()));
    }
  }
}
