package dev.promptly.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark's Java half; {@code bench/run.sh} starts the services and calls these commands for
 * each scenario, then {@code report} to write the results and the report.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Promptly's load generator and benchmark report.",
    subcommands = {
      SubmitCommand.class,
      AwaitCommand.class,
      MemoryCommand.class,
      BatchCommand.class,
      ReportCommand.class
    })
public final class BenchCommand {
  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
