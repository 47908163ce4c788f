package dev.promptly.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own, from the bundled binaries: its cluster lives in {@code
 * <home>/data} and is kept across restarts, it listens on 127.0.0.1 only, on a port chosen at each
 * start. PostgreSQL refuses to run as root, so under root its programs run as the {@code postgres}
 * user (or {@code nobody}) through {@code runuser}.
 */
final class BundledPostgres implements AutoCloseable {
  static final String DATABASE = "promptly";
  static final String USER = "postgres";

  private final Path binaries;
  private final Path data;
  private final Path log;
  private final List<String> runAs;
  private final int port;

  private BundledPostgres(Path binaries, Path data, Path log, List<String> runAs, int port) {
    this.binaries = binaries;
    this.data = data;
    this.log = log;
    this.runAs = runAs;
    this.port = port;
  }

  /** Unpacks the binaries if needed, creates the cluster on first use, and starts the server. */
  static BundledPostgres start(Path home, Path log, int port) throws IOException {
    Path binaries = PostgresBinaries.unpack(home);
    Path data = home.resolve("data");
    List<String> runAs = osUserPrefix();
    if (!runAs.isEmpty()) {
      // That user must be able to reach its directory through the standalone home (made here,
      // perhaps under umask 077); the directories above it are the caller's to open.
      searchableByOthers(home.getParent());
      Files.createDirectories(home);
      searchableByOthers(home);
      Files.createDirectories(log.getParent());
      searchableByOthers(log.getParent());
      run(List.of("chown", "-R", runAs.get(2), home.toString()));
      if (!Files.exists(log)) {
        Files.createFile(log);
      }
      run(List.of("chown", runAs.get(2), log.toString()));
    }
    BundledPostgres postgres = new BundledPostgres(binaries, data, log, runAs, port);
    boolean created = !Files.exists(data.resolve("PG_VERSION"));
    if (created) {
      postgres.initdb();
    } else {
      postgres.stopLeftOver();
    }
    postgres.startServer();
    if (created) {
      postgres.createDatabase();
    }
    return postgres;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  private void initdb() throws IOException {
    Files.createDirectories(data);
    if (!runAs.isEmpty()) {
      run(List.of("chown", runAs.get(2), data.toString()));
    }
    pg(
        List.of(
            bin("initdb"),
            "-D",
            data.toString(),
            "-U",
            USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C"));
    Files.writeString(
        data.resolve("postgresql.conf"),
        """

        # promptly standalone: only this machine connects, over TCP.
        listen_addresses = '127.0.0.1'
        unix_socket_directories = ''
        """,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** A server left running by a process that was killed (kill -9) still holds the cluster. */
  private void stopLeftOver() throws IOException {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        pg(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
      } catch (IllegalStateException e) {
        // The pid file was stale: the server is not running, and it clears the file itself.
      }
    }
  }

  private void startServer() throws IOException {
    pg(
        List.of(
            bin("pg_ctl"),
            "-D",
            data.toString(),
            "-l",
            log.toString(),
            "-o",
            "-p " + port,
            "-w",
            "-t",
            "60",
            "start"));
  }

  private void createDatabase() {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + DATABASE, e);
    }
  }

  @Override
  public void close() {
    try {
      pg(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    } catch (IOException | IllegalStateException e) {
      System.err.println("promptly standalone: could not stop PostgreSQL: " + e.getMessage());
    }
  }

  private String bin(String program) {
    return binaries.resolve("bin").resolve(program).toString();
  }

  private void pg(List<String> command) throws IOException {
    List<String> full = new ArrayList<>(runAs);
    full.addAll(command);
    run(full);
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          command.getLast() + " failed (" + process.exitValue() + "): " + output.strip());
    }
  }

  private static void searchableByOthers(Path directory) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
    permissions.add(PosixFilePermission.OTHERS_EXECUTE);
    Files.setPosixFilePermissions(directory, permissions);
  }

  /** Under root: {@code runuser -u <user> --}, with {@code postgres} if it exists. */
  private static List<String> osUserPrefix() throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return List.of();
    }
    String user = userExists("postgres") ? "postgres" : "nobody";
    return List.of("runuser", "-u", user, "--");
  }

  private static boolean userExists(String user) throws IOException {
    try {
      Process process = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
