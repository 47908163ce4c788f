package dev.promptly.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Waits for the jobs of an earlier {@code submit} (without {@code --await}) and measures them end
 * to end: for a queue filled before the workers start.
 */
@Command(name = "await", description = "Await a submitted scenario's jobs and measure them.")
final class AwaitCommand implements Callable<Integer> {
  @Mixin Services services;

  @Option(names = "--from", required = true, description = "the submit command's --out file")
  Path from;

  @Option(names = "--timeout", defaultValue = "PT10M")
  Duration timeout;

  @Option(names = "--out", required = true)
  Path out;

  @Override
  public Integer call() {
    ScenarioResult submitted = Json.MAPPER.readValue(from.toFile(), ScenarioResult.class);
    if (submitted.submissions() == null) {
      throw new IllegalArgumentException(from + " holds no submissions to await");
    }
    boolean ended;
    List<JobTiming> timings;
    try (JobTimings jobs = services.jobTimings()) {
      ended = Completion.await(jobs, submitted.tenantId(), submitted.submit().accepted(), timeout);
      timings = Completion.fetch(jobs, submitted.tenantId());
    }
    EndToEndResult endToEnd = EndToEndResult.of(submitted.submissions(), timings, null);
    Json.write(
        out,
        new ScenarioResult(
            submitted.name(),
            submitted.settings(),
            submitted.tenantId(),
            submitted.submit(),
            endToEnd,
            null));
    Scenarios.print(submitted.name(), endToEnd);
    return ended ? 0 : 3;
  }
}
