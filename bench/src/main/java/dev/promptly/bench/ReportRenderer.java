package dev.promptly.bench;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Renders a run's results as {@code REPORT.md}: every figure beside its ceiling or target. */
final class ReportRenderer {
  private final StringBuilder md = new StringBuilder();

  private ReportRenderer() {}

  /**
   * @param chartLink the chart's path relative to the report, or null without a chart
   * @param notes hand-written analysis appended at the end, or null
   */
  static String render(JsonNode results, String chartLink, String notes) {
    ReportRenderer renderer = new ReportRenderer();
    renderer.header(results.path("run"));
    renderer.summary(Targets.evaluate(results));
    renderer.ceilings(results.path("ceilings"));
    ScenarioTables.submit(renderer.md, results);
    ScenarioTables.endToEnd(renderer.md, results);
    ScenarioTables.batches(renderer.md, results);
    ScenarioTables.overhead(renderer.md, results.path("scenarios").path("s4"));
    ScenarioTables.overhead(renderer.md, results.path("scenarios").path("s4-fixed"));
    renderer.memory(results.path("memory"));
    renderer.startup(results.path("startup_ms"));
    if (chartLink != null) {
      renderer
          .md
          .append("\n## Chart\n\n![throughput over time and latency percentiles](")
          .append(chartLink)
          .append(")\n");
    }
    if (notes != null && !notes.isBlank()) {
      renderer.md.append("\n").append(notes.strip()).append("\n");
    }
    return renderer.md.toString();
  }

  private void header(JsonNode run) {
    md.append("# Promptly benchmark report\n\n");
    md.append("| run | |\n| --- | --- |\n");
    for (Map.Entry<String, JsonNode> field : Targets.entries(run)) {
      md.append("| ")
          .append(field.getKey())
          .append(" | ")
          .append(text(field.getValue()))
          .append(" |\n");
    }
  }

  private void summary(List<Targets.Check> checks) {
    md.append(
        "\n## Summary\n\n| target | measured | goal | result |\n| --- | ---: | ---: | --- |\n");
    for (Targets.Check check : checks) {
      md.append("| ")
          .append(check.target())
          .append(" | ")
          .append(check.measured())
          .append(" | ")
          .append(check.goal())
          .append(" | ")
          .append(check.pass() ? "pass" : "**miss**")
          .append(" |\n");
    }
  }

  private void ceilings(JsonNode ceilings) {
    md.append("\n## Ceilings (same run)\n\n| ceiling | value |\n| --- | ---: |\n");
    for (Map.Entry<String, JsonNode> pgbench : Targets.entries(ceilings.path("pgbench_tps"))) {
      row(
          "pgbench, 1 KB INSERT per transaction, " + pgbench.getKey() + " clients (tps)",
          Format.number(pgbench.getValue().asDouble()));
    }
    JsonNode perfTest = ceilings.path("perftest");
    row(
        "RabbitMQ PerfTest, persistent, confirms (msg/s)",
        Format.number(perfTest.path("publish_msg_per_s").asDouble()));
    if (perfTest.has("confirm_p50_ms")) {
      row(
          "PerfTest confirm latency p50 / p99 (ms)",
          Format.number(perfTest.path("confirm_p50_ms").asDouble(), 1)
              + " / "
              + Format.number(perfTest.path("confirm_p99_ms").asDouble(), 1));
    }
    row(
        "S1 ceiling: min(best pgbench tps ÷ 2, PerfTest msg/s)",
        Format.number(ceilings.path("submit_ceiling_per_s").asDouble()));
  }

  private void memory(JsonNode memory) {
    if (memory.isMissingNode()) {
      return;
    }
    md.append(
        "\n## S5 worker memory\n\n| in flight | RSS idle | RSS loaded | per in-flight job |\n");
    md.append("| ---: | ---: | ---: | ---: |\n| ")
        .append(memory.path("in_flight").asInt())
        .append(" of ")
        .append(memory.path("target_in_flight").asInt())
        .append(" | ")
        .append(Format.number(memory.path("rss_idle_mb").asDouble(), 1))
        .append(" MB | ")
        .append(Format.number(memory.path("rss_loaded_mb").asDouble(), 1))
        .append(" MB | ")
        .append(
            memory.path("mb_per_in_flight_job").isNumber()
                ? Format.number(memory.path("mb_per_in_flight_job").asDouble(), 3) + " MB"
                : "–")
        .append(" |\n");
  }

  private void startup(JsonNode startup) {
    md.append("\n## S6 start-up (process start → readiness UP)\n\n");
    md.append("| service | starts | min | median | max |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, JsonNode> service : Targets.entries(startup)) {
      Percentiles times = Percentiles.of(Targets.values(service.getValue()));
      md.append("| ")
          .append(service.getKey())
          .append(" | ")
          .append(times.count())
          .append(" | ")
          .append(Format.number(times.percentile(0.001)))
          .append(" ms | ")
          .append(Format.number(times.percentile(50)))
          .append(" ms | ")
          .append(Format.number(times.max()))
          .append(" ms |\n");
    }
  }

  private void row(String name, String value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String text(JsonNode value) {
    return value.isString() ? value.asString() : value.toString();
  }
}
