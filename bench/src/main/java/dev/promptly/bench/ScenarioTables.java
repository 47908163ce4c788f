package dev.promptly.bench;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The report's tables of the S1–S4 scenarios. */
final class ScenarioTables {
  private ScenarioTables() {}

  static void submit(StringBuilder md, JsonNode results) {
    double ceiling = results.path("ceilings").path("submit_ceiling_per_s").asDouble();
    md.append("\n## S1 submit (HTTP → job and outbox row committed → publish confirmed)\n\n");
    md.append(
        "| scenario | clients | jobs | accepted | accepted/s | ÷ ceiling | p50 | p99 | max |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, JsonNode> entry : Targets.entries(results.path("scenarios"))) {
      if (!entry.getKey().startsWith("s1")) {
        continue;
      }
      JsonNode submit = entry.getValue().path("submit");
      double rate = submit.path("accepted_per_s").asDouble();
      JsonNode latency = submit.path("latency_ms");
      md.append(
          cells(
              entry.getKey(),
              Integer.toString(submit.path("clients").asInt()),
              Integer.toString(submit.path("jobs").asInt()),
              Integer.toString(submit.path("accepted").asInt()),
              Format.number(rate),
              ceiling > 0 ? Format.percent(rate / ceiling) : "–",
              ms(latency.path("p50")),
              ms(latency.path("p99")),
              ms(latency.path("max"))));
    }
  }

  static void endToEnd(StringBuilder md, JsonNode results) {
    md.append("\n## S2/S3 end to end (request sent → result stored)\n\n");
    md.append(
        "| scenario | workers × concurrency | model latency | jobs | succeeded | failed |"
            + " completed/s | drain/s | C/L | ÷ C/L | p50 | p95 | p99 | max |\n");
    md.append(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Map.Entry<String, JsonNode> entry : Targets.entries(results.path("scenarios"))) {
      String name = entry.getKey();
      JsonNode e2e = entry.getValue().path("end_to_end");
      if (!(name.startsWith("s2") || name.startsWith("s3")) || e2e.isMissingNode()) {
        continue;
      }
      JsonNode settings = entry.getValue().path("settings");
      double bound = Targets.concurrencyBound(settings);
      boolean drain = name.contains("drain");
      double rate = e2e.path(drain ? "drain_per_s" : "completed_per_s").asDouble();
      JsonNode latency = e2e.path("latency_ms");
      md.append(
          cells(
              name,
              settings.path("workers").asString("1")
                  + " × "
                  + settings.path("concurrency").asString("?"),
              settings.path("latency_ms").asString("0") + " ms",
              Integer.toString(e2e.path("accepted").asInt()),
              Integer.toString(e2e.path("succeeded").asInt()),
              Integer.toString(e2e.path("failed").asInt() + e2e.path("unfinished").asInt()),
              Format.number(e2e.path("completed_per_s").asDouble()),
              Format.number(e2e.path("drain_per_s").asDouble()),
              Double.isInfinite(bound) || Double.isNaN(bound) ? "–" : Format.number(bound),
              Double.isInfinite(bound) || Double.isNaN(bound) ? "–" : Format.percent(rate / bound),
              ms(latency.path("p50")),
              ms(latency.path("p95")),
              ms(latency.path("p99")),
              ms(latency.path("max"))));
    }
    md.append(
        "\n`drain/s` counts from the first job started to the last finished; for the"
            + " `drain` scenarios the queue was filled before the workers started, so it is the"
            + " workers' own rate, and it is the one compared with C/L there.\n");
  }

  static void overhead(StringBuilder md, JsonNode s4) {
    JsonNode e2e = s4.path("end_to_end");
    if (e2e.isMissingNode()) {
      return;
    }
    md.append("\n## S4 overhead at ")
        .append(Format.number(s4.path("submit").path("offered_rate_per_s").asDouble()))
        .append(" jobs/s offered (time on top of the model)\n\n");
    md.append(
        "| measured as | jobs | p50 | p95 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    overheadRow(md, "job stored → result stored, − model time", e2e.path("overhead_ms"));
    overheadRow(md, "request sent → result stored, − model time", e2e.path("overhead_client_ms"));
    overheadRow(md, "model time (for reference)", e2e.path("model_ms"));
    overheadRow(md, "queue wait: job stored → started", e2e.path("queue_wait_ms"));
    JsonNode webhooks = e2e.path("webhooks");
    if (webhooks.path("received").asInt() > 0) {
      overheadRow(
          md, "request sent → webhook received, − model time", webhooks.path("overhead_ms"));
    } else {
      md.append(
          cells(
              "request sent → webhook received, − model time",
              webhooks.path("note").asString("not measured"),
              "",
              "",
              "",
              ""));
    }
  }

  private static void overheadRow(StringBuilder md, String name, JsonNode latency) {
    md.append(
        cells(
            name,
            Integer.toString(latency.path("count").asInt()),
            ms(latency.path("p50")),
            ms(latency.path("p95")),
            ms(latency.path("p99")),
            ms(latency.path("max"))));
  }

  private static String ms(JsonNode value) {
    double millis = value.isNumber() ? value.asDouble() : Double.NaN;
    return Format.number(millis, millis < 100 ? 2 : 0) + " ms";
  }

  private static String cells(String... values) {
    return "| " + String.join(" | ", values) + " |\n";
  }

  /** S7: batches accepted one at a time, each run's jobs over its time to the 202. */
  static void batches(StringBuilder md, JsonNode results) {
    JsonNode batches = results.path("batches");
    if (batches.isEmpty()) {
      return;
    }
    double ceiling = results.path("ceilings").path("submit_ceiling_per_s").asDouble();
    md.append("\n## S7: batches (POST /v1/batches, one at a time)\n\n")
        .append("| scenario | jobs per batch | runs | median time to 202 | median accepted/s |")
        .append(" ÷ ceiling |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (JsonNode scenario : batches) {
      JsonNode batch = scenario.path("batch");
      double rate = batch.path("median_accepted_per_s").asDouble();
      md.append(
          cells(
              scenario.path("name").asString(),
              Integer.toString(batch.path("jobs_per_batch").asInt()),
              Integer.toString(batch.path("runs").asInt()),
              Format.number(batch.path("median_ms").asDouble()) + " ms",
              Format.number(rate),
              ceiling > 0 ? Format.percent(rate / ceiling) : "–"));
    }
  }
}
