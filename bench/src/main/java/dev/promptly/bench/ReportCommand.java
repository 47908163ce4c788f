package dev.promptly.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Gathers a run directory (tool outputs, start-up times, scenario files) into one results file,
 * then renders the report and its chart from that file alone.
 */
@Command(name = "report", description = "Write results JSON, REPORT.md and the chart of a run.")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run-dir", required = true)
  Path runDir;

  @Option(names = "--results", required = true, description = "results JSON to write")
  Path results;

  @Option(names = "--report", required = true, description = "markdown report to write")
  Path report;

  @Option(names = "--chart", required = true, description = "SVG chart to write")
  Path chart;

  @Option(names = "--notes", description = "markdown appended to the report")
  Path notes;

  @Override
  public Integer call() throws IOException {
    JsonNode gathered = RunDirectory.gather(runDir, scenarioFiles());
    Json.write(results, gathered);
    write(chart, SvgChart.render(Charts.throughput(gathered), Charts.latencies(gathered)));
    Path reportDir = report.toAbsolutePath().getParent();
    String link = reportDir.relativize(chart.toAbsolutePath()).toString();
    String notesText = notes != null && Files.exists(notes) ? Files.readString(notes) : null;
    write(report, ReportRenderer.render(gathered, link, notesText));
    System.err.println("bench: wrote " + results + ", " + report + " and " + chart);
    return 0;
  }

  // Scenario files in the order the run made them.
  private List<Path> scenarioFiles() throws IOException {
    try (Stream<Path> files = Files.list(runDir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("s[1-4].*\\.json"))
          .sorted(Comparator.comparing(ReportCommand::modified))
          .toList();
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text);
  }
}
