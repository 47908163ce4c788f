package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, for tests that stop and restart the database: a fresh
 * cluster in a temp directory on a free port of 127.0.0.1, stopped and removed when the test is
 * done or the JVM exits. The shared server on 5432 is never touched. Binaries come from {@code
 * PROMPTLY_TEST_PG_BIN} or the newest {@code /usr/lib/postgresql/<version>/bin}.
 */
public final class PrivatePostgres implements AutoCloseable {
  private static final String OS_USER = "postgres";
  private static final String DATABASE_USER = "postgres";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** How the server goes down. */
  public enum StopMode {
    /** Clients are disconnected, and the server shuts down cleanly. */
    FAST,
    /** The server quits at once without a checkpoint, as in a crash; it recovers on start. */
    IMMEDIATE
  }

  private final Path binaries;
  private final Path directory;
  private final Path log;
  private final int port;
  private final Thread cleanup = new Thread(this::close, "private-postgres-cleanup");
  private boolean closed;

  private PrivatePostgres(Path binaries, Path directory, Path log, int port) {
    this.binaries = binaries;
    this.directory = directory;
    this.log = log;
    this.port = port;
  }

  /**
   * Creates a cluster and starts it.
   *
   * @param log the server's log file; it outlives the server, for looking at after a failure
   */
  public static PrivatePostgres start(Path log) {
    Path binaries = binaries();
    try {
      Path directory = Files.createTempDirectory("promptly-postgres-");
      HostCommands.giveTo(OS_USER, directory);
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      Files.createFile(log);
      HostCommands.giveTo(OS_USER, log);
      PrivatePostgres postgres = new PrivatePostgres(binaries, directory, log, FreePorts.pick());
      Runtime.getRuntime().addShutdownHook(postgres.cleanup);
      try {
        postgres.initdb();
        postgres.start();
      } catch (RuntimeException e) {
        postgres.close();
        throw e;
      }
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a private Postgres", e);
    }
  }

  public int port() {
    return port;
  }

  public String user() {
    return DATABASE_USER;
  }

  /** Trust authentication: any password, including none, is accepted. */
  public String password() {
    return "";
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public void createDatabase(String name) {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), DATABASE_USER, password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  /** Starts the server again on the same data and port; returns once it accepts connections. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this private Postgres was closed");
    }
    String options =
        String.join(
            " ",
            "-p " + port,
            "-k " + directory,
            "-c listen_addresses=127.0.0.1",
            "-c max_connections=200",
            // Only the server process is stopped, never the machine: what a commit wrote to the OS
            // survives an immediate stop without fsync, so no guarantee under test is weakened.
            "-c fsync=off");
    pgCtl("-o", options, "-l", log.toString(), "-w", "-t", "60", "start");
  }

  public synchronized void stop(StopMode mode) {
    pgCtl("-m", mode.name().toLowerCase(Locale.ROOT), "-w", "-t", "60", "stop");
  }

  /** The last lines of the server's log. */
  public String logTail() {
    return HostCommands.tail(log, 40);
  }

  /** Stops the server at once and removes its files; the log file stays. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // The pid file tells whether a server runs, even after a start that timed out.
      if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
        stop(StopMode.IMMEDIATE);
      }
    } catch (RuntimeException e) {
      System.err.println("could not stop the private Postgres: " + e.getMessage());
    }
    HostCommands.deleteRecursively(directory);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: this is the hook.
    }
  }

  private void initdb() {
    run(
        List.of(
            binaries.resolve("initdb").toString(),
            "-D",
            dataDirectory().toString(),
            "-A",
            "trust",
            "-U",
            DATABASE_USER,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
  }

  private void pgCtl(String... arguments) {
    List<String> command =
        Stream.concat(
                Stream.of(binaries.resolve("pg_ctl").toString(), "-D", dataDirectory().toString()),
                Stream.of(arguments))
            .toList();
    run(command);
  }

  private void run(List<String> command) {
    try {
      HostCommands.run(HostCommands.asUser(OS_USER, command), Map.of(), COMMAND_TIMEOUT);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "private Postgres on port " + port + ": " + e.getMessage() + "\nlog tail:\n" + logTail(),
          e);
    }
  }

  private Path dataDirectory() {
    return directory.resolve("data");
  }

  private static Path binaries() {
    String configured = System.getenv("PROMPTLY_TEST_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
          .max(Comparator.comparingInt(PrivatePostgres::versionNumber))
          .map(version -> version.resolve("bin"))
          .orElseThrow(() -> missingBinaries(root));
    } catch (IOException e) {
      throw missingBinaries(root);
    }
  }

  private static int versionNumber(Path versionDirectory) {
    try {
      return Integer.parseInt(versionDirectory.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static IllegalStateException missingBinaries(Path root) {
    return new IllegalStateException(
        "no PostgreSQL server binaries (initdb, pg_ctl) under "
            + root
            + "/<version>/bin: install the postgresql package or set PROMPTLY_TEST_PG_BIN");
  }
}
