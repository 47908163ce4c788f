package dev.promptly.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** This turn's targets, each checked against a run's results. */
final class Targets {
  /** One target: what was measured, what it had to be, and whether it was. */
  record Check(String target, String measured, String goal, boolean pass) {}

  static final double S1_MIN_RATIO = 0.5;
  static final double S3_MIN_RATIO = 0.9;
  static final double S4_MAX_P50_MS = 5;
  static final double S4_MAX_P99_MS = 25;

  /** The worker-path issue's targets, at a fixed 200 jobs/s offered (S4F). */
  static final double S4_FIXED_MAX_P50_MS = 10;

  static final double S4_FIXED_MAX_P99_MS = 40;
  static final double S4_FIXED_MAX_WEBHOOK_P50_MS = 50;
  static final double S5_MAX_MB_PER_JOB = 0.2;
  static final double S6_MAX_MS = 3000;

  private Targets() {}

  static List<Check> evaluate(JsonNode results) {
    List<Check> checks = new ArrayList<>();
    double ceiling = results.path("ceilings").path("submit_ceiling_per_s").asDouble();
    JsonNode scenarios = results.path("scenarios");
    for (Map.Entry<String, JsonNode> entry : entries(scenarios)) {
      String name = entry.getKey();
      JsonNode scenario = entry.getValue();
      if (name.startsWith("s1") && ceiling > 0) {
        double ratio = scenario.path("submit").path("accepted_per_s").asDouble() / ceiling;
        checks.add(
            new Check(
                "S1 accepted/s ÷ ceiling, "
                    + scenario.path("submit").path("clients").asInt()
                    + " clients",
                Format.percent(ratio),
                "≥ " + Format.percent(S1_MIN_RATIO),
                ratio >= S1_MIN_RATIO));
      }
      if (name.startsWith("s3") && scenario.has("end_to_end")) {
        double bound = concurrencyBound(scenario.path("settings"));
        String rate = name.contains("drain") ? "drain_per_s" : "completed_per_s";
        double ratio = scenario.path("end_to_end").path(rate).asDouble() / bound;
        checks.add(
            new Check(
                "S3 " + name + " jobs/s ÷ C/L (" + Format.number(bound) + "/s)",
                Format.percent(ratio),
                "≥ " + Format.percent(S3_MIN_RATIO),
                ratio >= S3_MIN_RATIO));
      }
    }
    JsonNode overhead = scenarios.path("s4").path("end_to_end").path("overhead_ms");
    if (!overhead.isMissingNode()) {
      checks.add(atMost("S4 overhead p50", overhead.path("p50").asDouble(), S4_MAX_P50_MS));
      checks.add(atMost("S4 overhead p99", overhead.path("p99").asDouble(), S4_MAX_P99_MS));
    }
    JsonNode fixed = scenarios.path("s4-fixed").path("end_to_end");
    if (fixed.has("overhead_ms")) {
      String at =
          Format.number(
              scenarios.path("s4-fixed").path("submit").path("offered_rate_per_s").asDouble());
      JsonNode overheadAtFixed = fixed.path("overhead_ms");
      checks.add(
          atMost(
              "S4F overhead p50 at " + at + "/s",
              overheadAtFixed.path("p50").asDouble(),
              S4_FIXED_MAX_P50_MS));
      checks.add(
          atMost(
              "S4F overhead p99 at " + at + "/s",
              overheadAtFixed.path("p99").asDouble(),
              S4_FIXED_MAX_P99_MS));
      JsonNode webhook = fixed.path("webhooks").path("overhead_ms");
      if (webhook.has("p50")) {
        checks.add(
            atMost(
                "S4F request → webhook received − model time, p50",
                webhook.path("p50").asDouble(),
                S4_FIXED_MAX_WEBHOOK_P50_MS));
      }
    }
    JsonNode memory = results.path("memory");
    if (memory.isObject()) {
      JsonNode measured = memory.path("mb_per_in_flight_job");
      double perJob = measured.isNumber() ? measured.asDouble() : Double.NaN;
      checks.add(
          new Check(
              "S5 worker MB per in-flight job",
              measured.isNumber()
                  ? Format.number(perJob, 3) + " MB"
                  : "not measured: no job in flight",
              "≤ " + S5_MAX_MB_PER_JOB + " MB",
              perJob <= S5_MAX_MB_PER_JOB));
    }
    for (Map.Entry<String, JsonNode> service : entries(results.path("startup_ms"))) {
      double median = Percentiles.of(values(service.getValue())).percentile(50);
      checks.add(
          new Check(
              "S6 " + service.getKey() + " start → ready (median)",
              Format.number(median) + " ms",
              "≤ " + Format.number(S6_MAX_MS) + " ms",
              median <= S6_MAX_MS));
    }
    return checks;
  }

  /** C/L: jobs the workers can hold at once ÷ the model's latency in seconds. */
  static double concurrencyBound(JsonNode settings) {
    double concurrency =
        settings.path("concurrency").asDouble() * settings.path("workers").asDouble(1);
    return concurrency / (settings.path("latency_ms").asDouble() / 1000);
  }

  private static Check atMost(String target, double measured, double max) {
    return new Check(
        target,
        Format.number(measured, 2) + " ms",
        "≤ " + Format.number(max) + " ms",
        measured <= max);
  }

  static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
    fields.forEachRemaining(list::add);
    return list;
  }

  static double[] values(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
