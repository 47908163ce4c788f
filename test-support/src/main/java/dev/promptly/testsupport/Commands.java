package dev.promptly.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the helper programs of tests (node, npm): whether they exist, and one run's outcome. */
public final class Commands {

  private Commands() {}

  /** What a command printed (standard output and error together) and how it exited. */
  public record Outcome(int exitCode, String output) {}

  /** Whether {@code program --version} runs and succeeds here. */
  public static boolean onPath(String program) {
    try {
      Process process =
          new ProcessBuilder(program, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code command} in {@code directory} with {@code input} on its standard input.
   *
   * @throws IllegalStateException if it runs longer than {@code timeout} (it is killed)
   */
  public static Outcome run(Path directory, List<String> command, String input, Duration timeout)
      throws IOException, InterruptedException {
    // Output goes to a file: a pipe nobody reads while waiting could fill up and stall the child.
    Path log = Files.createTempFile("promptly-command", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " took longer than " + timeout);
      }
      return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
