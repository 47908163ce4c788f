package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs server binaries on this machine for the private servers. Postgres and RabbitMQ refuse to run
 * as root (or switch users themselves), so when the tests run as root their commands run as the
 * server's own OS user through {@code runuser}, and the files they write are handed to that user.
 */
final class HostCommands {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private HostCommands() {}

  /** {@code command}, run as {@code user} when we are root and that user exists. */
  static List<String> asUser(String user, List<String> command) {
    if (!ROOT || !userExists(user)) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Hands a file or directory to {@code user}, so a server running as that user can write it. */
  static void giveTo(String user, Path path) {
    if (!ROOT || !userExists(user)) {
      return;
    }
    try {
      Files.setOwner(
          path,
          FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + path + " to " + user, e);
    }
  }

  /**
   * Runs a command to its end and returns its output.
   *
   * @throws IllegalStateException with the command's output when it fails or overruns
   */
  static String run(List<String> command, Map<String, String> environment, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      Path output = Files.createTempFile("promptly-command-", ".log");
      try {
        Process process = builder.redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (!exited || process.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command)
                  + (exited ? " exited with " + process.exitValue() : " timed out after " + timeout)
                  + ":\n"
                  + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  /** The last {@code lines} lines of a log file, for failure messages. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + file + ": " + e.getMessage() + ")";
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove " + directory + ": " + e.getMessage());
    }
  }

  private static boolean userExists(String user) {
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
      return true;
    } catch (UserPrincipalNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
