package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PgBouncer of a test's own in transaction pooling mode, in front of a Postgres: Debian's {@code
 * pgbouncer} binary (or {@code PROMPTLY_TEST_PGBOUNCER}) run in the foreground with a config file
 * in a temp directory, on a free port, as the postgres OS user (it refuses to run as root). Its
 * system service is never used.
 */
public final class PrivatePgBouncer implements AutoCloseable {
  private static final String OS_USER = "postgres";
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(30);
  private static final List<Path> BINARIES =
      List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

  private final Path directory;
  private final Path log;
  private final int port;
  private final Process process;

  private PrivatePgBouncer(Path directory, Path log, int port, Process process) {
    this.directory = directory;
    this.log = log;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a PgBouncer that pools connections to {@code host:port} in transaction mode, letting in
   * {@code user} without a password (the test servers trust local connections).
   *
   * @param poolSize server connections per database and user ({@code default_pool_size})
   * @param log PgBouncer's log file, which outlives it
   */
  public static PrivatePgBouncer start(
      String host, int postgresPort, String user, int poolSize, Path log) {
    Path binary = binary();
    int port = FreePorts.pick();
    try {
      Path directory = Files.createTempDirectory("promptly-pgbouncer-");
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.deleteIfExists(log);
      Files.writeString(directory.resolve("userlist.txt"), "\"" + user + "\" \"\"\n");
      Path config = directory.resolve("pgbouncer.ini");
      Files.writeString(
          config,
          """
          [databases]
          * = host=%s port=%d

          [pgbouncer]
          listen_addr = 127.0.0.1
          listen_port = %d
          unix_socket_dir =
          auth_type = trust
          auth_file = %s
          pool_mode = transaction
          default_pool_size = %d
          max_client_conn = 1000
          ; pgjdbc sends extra_float_digits at startup, which PgBouncer does not track.
          ignore_startup_parameters = extra_float_digits
          logfile = %s
          pidfile = %s
          """
              .formatted(
                  host,
                  postgresPort,
                  port,
                  directory.resolve("userlist.txt"),
                  poolSize,
                  log.toAbsolutePath(),
                  directory.resolve("pgbouncer.pid")));
      HostCommands.giveTo(OS_USER, directory);
      HostCommands.giveTo(OS_USER, directory.resolve("userlist.txt"));
      HostCommands.giveTo(OS_USER, config);
      HostCommands.giveTo(OS_USER, log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(
                  HostCommands.asUser(OS_USER, List.of(binary.toString(), config.toString())))
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(directory.resolve("console.log").toFile()))
              .start();
      PrivatePgBouncer bouncer = new PrivatePgBouncer(directory, log, port, process);
      bouncer.awaitListening();
      return bouncer;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a private PgBouncer from " + binary, e);
    }
  }

  public int port() {
    return port;
  }

  /**
   * A JDBC URL to {@code database} through this PgBouncer, with server-side prepared statements off
   * ({@code prepareThreshold=0}): PgBouncer before 1.21 cannot follow them across the server
   * connections a transaction-mode client is handed.
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
    while (!FreePorts.isListening(port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        close();
        throw new IllegalStateException(
            "PgBouncer did not listen on "
                + port
                + ":\n"
                + HostCommands.tail(directory.resolve("console.log"), 20)
                + "\n"
                + HostCommands.tail(log, 20));
      }
      try {
        Thread.sleep(100); // polling a child process's port; there is nothing to await on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while PgBouncer started", e);
      }
    }
  }

  /** Stops PgBouncer (SIGTERM, then SIGKILL) and removes its files; the log stays. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    HostCommands.deleteRecursively(directory);
  }

  private static Path binary() {
    String configured = System.getenv("PROMPTLY_TEST_PGBOUNCER");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return BINARIES.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no pgbouncer in "
                        + BINARIES
                        + ": install the pgbouncer package or set PROMPTLY_TEST_PGBOUNCER"));
  }
}
