package dev.promptly.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar promptly-standalone.jar} as a child process, with an environment of its own. */
final class StandaloneProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final Path log;
  // Where this process's output starts in the log, which earlier runs appended to.
  private final long logStart;

  private StandaloneProcess(Process process, Path log, long logStart) {
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  /**
   * Starts the jar with exactly {@code environment} (plus {@code PATH} and {@code HOME}), so no
   * variable of the test's shell sends it to a server of the machine.
   */
  static StandaloneProcess start(Path jar, Map<String, String> environment, Path log) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build the project first");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    String home = env.get("HOME");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : path);
    if (home != null) {
      env.put("HOME", home);
    }
    env.putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      return new StandaloneProcess(builder.start(), log, logStart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the standalone jar", e);
    }
  }

  /** Blocks until every URL answers 200, failing fast if the process dies; stops it on failure. */
  StandaloneProcess awaitReady(Duration timeout, String... urls) {
    try {
      return waitUntilReady(timeout, urls);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private StandaloneProcess waitUntilReady(Duration timeout, String... urls) {
    Instant deadline = Instant.now().plus(timeout);
    for (String url : urls) {
      while (statusOf(url) != 200) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "standalone exited with " + process.exitValue() + "; log tail:\n" + logTail());
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "standalone not ready after " + timeout + "; log tail:\n" + logTail());
        }
        pause();
      }
    }
    return this;
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The lines this process wrote so far (its services' logs included). */
  List<String> output() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, as {@code ./promptly down} sends, then waits for the process to end. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private static int statusOf(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250); // polling a child process's port; there is nothing to await on instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
