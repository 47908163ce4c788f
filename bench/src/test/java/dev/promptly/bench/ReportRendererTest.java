package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReportRendererTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path run;

  private EndToEndResult s4EndToEnd;

  @Test
  void reportPutsEachFigureBesideItsCeilingAndSaysWhichTargetsWereMissed() throws IOException {
    givenARun();

    String report =
        ReportRenderer.render(
            RunDirectory.gather(run, scenarioFiles()), "chart.svg", "## Notes\n\nby hand");

    assertThat(report)
        .contains("| pgbench, 1 KB INSERT per transaction, 8 clients (tps) | 3,000 |")
        .contains("| S1 ceiling: min(best pgbench tps ÷ 2, PerfTest msg/s) | 1,500 |")
        // 900 accepted/s ÷ 1,500 = 60 %
        .contains("| S1 accepted/s ÷ ceiling, 64 clients | 60.0 % | ≥ 50.0 % | pass |")
        // 500 × 1 / 0.2 s = 2,500/s; 1,000/s completed is 40 %
        .contains("| S3 s3-1w jobs/s ÷ C/L (2,500/s) | 40.0 % | ≥ 90.0 % | **miss** |")
        .contains("| S4 overhead p50 | 4.00 ms | ≤ 5 ms | pass |")
        .contains("| S4 overhead p99 | 30.00 ms | ≤ 25 ms | **miss** |")
        .contains("| S5 worker MB per in-flight job | 0.150 MB | ≤ 0.2 MB | pass |")
        .contains("| S6 api start → ready (median) | 2,500 ms | ≤ 3,000 ms | pass |")
        .contains("![throughput over time and latency percentiles](chart.svg)")
        .endsWith("## Notes\n\nby hand\n");
  }

  @Test
  void chartIsWellFormedSvgWithALinePerScenario() throws Exception {
    givenARun();
    JsonNode results = RunDirectory.gather(run, scenarioFiles());

    String svg = SvgChart.render(Charts.throughput(results), Charts.latencies(results));

    var document =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new java.io.ByteArrayInputStream(
                    svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(3);
    assertThat(svg).contains("s1-64 accepted").contains("s3-1w completed").contains("s4 overhead");
  }

  @Test
  void theFixedRateScenarioIsCheckedAgainstTheWorkerPathTargetsAtItsOfferedRate()
      throws IOException {
    givenARun();
    Json.write(
        run.resolve("s4-fixed.json"),
        new ScenarioResult(
            "s4-fixed",
            Map.of(),
            "t4",
            SubmitResult.of(List.of(new Submission(0, "job_a", 202, T0, 5)), 256, 200.0),
            s4EndToEnd,
            null));
    List<Path> files = new java.util.ArrayList<>(scenarioFiles());
    files.add(run.resolve("s4-fixed.json"));

    String report = ReportRenderer.render(RunDirectory.gather(run, files), null, null);

    assertThat(report)
        .contains("## S4 overhead at 200 jobs/s offered")
        .contains("| S4F overhead p50 at 200/s | 4.00 ms | ≤ 10 ms | pass |")
        .contains("| S4F overhead p99 at 200/s | 30.00 ms | ≤ 40 ms | pass |");
  }

  @Test
  void memoryWithNoJobInFlightIsAMissNotAFigure() throws IOException {
    givenARun();
    Json.write(
        run.resolve("memory.json"), new MemoryCommand.MemoryResult(1, 1000, 0, 200, 210, null));

    String report = ReportRenderer.render(RunDirectory.gather(run, scenarioFiles()), null, null);

    assertThat(report)
        .contains(
            "| S5 worker MB per in-flight job | not measured: no job in flight | ≤ 0.2 MB | **miss** |");
  }

  private List<Path> scenarioFiles() {
    return List.of(run.resolve("s1-64.json"), run.resolve("s3-1w.json"), run.resolve("s4.json"));
  }

  private void givenARun() throws IOException {
    Files.writeString(
        run.resolve("pgbench-8.txt"), "tps = 3000.0 (without initial connection time)\n");
    Files.writeString(
        run.resolve("pgbench-32.txt"), "tps = 2000.0 (without initial connection time)\n");
    Files.writeString(run.resolve("perftest.txt"), "id: x, sending rate avg: 1700 msg/s\n");
    Files.writeString(run.resolve("startup.tsv"), "api\t2500\nworker\t3100\nworker\t3300\n");
    Files.writeString(run.resolve("env.json"), "{\"mode\": \"test\", \"cores\": 2}");
    Json.write(
        run.resolve("memory.json"), new MemoryCommand.MemoryResult(1, 1000, 1000, 200, 350, 0.15));
    List<Submission> s1 =
        List.of(new Submission(0, "job_a", 202, T0, 5), new Submission(1, "job_b", 202, T0, 6));
    SubmitResult submit = SubmitResult.of(s1, 64, null);
    Json.write(
        run.resolve("s1-64.json"),
        new ScenarioResult(
            "s1-64",
            Map.of(),
            "t1",
            new SubmitResult(
                2, 64, null, 2, Map.of("202", 2), 1, 900, submit.latencyMs(), submit.timeline()),
            null,
            null));
    EndToEndResult e2e =
        EndToEndResult.of(
            s1,
            List.of(
                new JobTiming("job_a", "succeeded", 1, T0, T0, T0.plusMillis(204), 200.0),
                new JobTiming("job_b", "succeeded", 1, T0, T0, T0.plusMillis(230), 200.0)),
            null);
    Json.write(
        run.resolve("s3-1w.json"),
        new ScenarioResult(
            "s3-1w",
            Map.of("workers", "1", "concurrency", "500", "latency_ms", "200"),
            "t2",
            submit,
            withRate(e2e, 1000),
            null));
    Json.write(run.resolve("s4.json"), new ScenarioResult("s4", Map.of(), "t3", submit, e2e, null));
    s4EndToEnd = e2e;
  }

  private static EndToEndResult withRate(EndToEndResult e, double rate) {
    return new EndToEndResult(
        e.accepted(),
        e.succeeded(),
        e.failed(),
        e.unfinished(),
        e.windowS(),
        rate,
        e.drainWindowS(),
        e.drainPerS(),
        e.latencyMs(),
        e.serverLatencyMs(),
        e.queueWaitMs(),
        e.modelMs(),
        e.overheadMs(),
        e.overheadClientMs(),
        e.webhooks(),
        e.timeline());
  }
}
