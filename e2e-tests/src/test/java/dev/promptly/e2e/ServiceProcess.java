package dev.promptly.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One built Promptly jar running as a child process on a free port, its output in a log file. */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<Path, Path> COPIES = new ConcurrentHashMap<>();

  private final String name;
  private final int port;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java -jar jar --server.port=<free> arguments…}. */
  static ServiceProcess start(String name, Path jar, Path logDirectory, List<String> arguments) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the project first (./promptly build)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // A service that runs out of heap leaves its dump beside its log, for the post-mortem.
            "-XX:+HeapDumpOnOutOfMemoryError",
            "-XX:HeapDumpPath=" + logDirectory.toAbsolutePath(),
            "-jar",
            privateCopy(jar).toString()));
    command.add("--server.port=" + port);
    command.addAll(arguments);
    try {
      Files.createDirectories(logDirectory);
      Path log = logDirectory.resolve(name + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ServiceProcess(name, port, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Blocks until {@code path} answers 200, failing fast if the process dies. */
  ServiceProcess awaitReady(String path, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; log tail:\n" + logTail());
      }
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause();
    }
    throw new IllegalStateException(
        name + " not ready after " + timeout + "; log tail:\n" + logTail());
  }

  /** The process's last lines of output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The HTTP status of a GET of {@code path}; -1 when nothing answers. */
  int statusOf(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Asks the process to stop (SIGTERM), as Kubernetes or Docker do, without waiting for it. */
  void signalStop() {
    process.destroy();
  }

  /** Stops the process the hard way, as a crash would. */
  void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  @Override
  public void close() {
    process.destroy();
    if (!waitForExit()) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  private boolean waitForExit() {
    try {
      return process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250); // polling a child process's port; there is nothing to await on instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // A JVM loads classes from its jar lazily, so a build that replaces the jar in target/ while the
  // process runs breaks it mid-test. Each jar is copied once per test JVM and run from the copy.
  private static Path privateCopy(Path jar) {
    return COPIES.computeIfAbsent(
        jar.toAbsolutePath().normalize(),
        original -> {
          try {
            Path directory = Files.createTempDirectory("promptly-e2e-jar-");
            directory.toFile().deleteOnExit();
            Path copy = directory.resolve(original.getFileName());
            Files.copy(original, copy);
            copy.toFile().deleteOnExit();
            return copy;
          } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + original, e);
          }
        });
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
