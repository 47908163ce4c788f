package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of a test's own, for tests that restart the broker: its own node name, AMQP and
 * distribution ports, data and config in a temp directory and no plugins, so nothing clashes with
 * the shared broker on 5672, which is never touched. Durable queues and persistent messages survive
 * {@link #stop()} and {@link #start()}. Scripts come from {@code PROMPTLY_TEST_RABBITMQ_BIN} or the
 * package's script directory.
 */
public final class PrivateRabbitMq implements AutoCloseable {
  private static final String OS_USER = "rabbitmq";
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
  private static final List<Path> SCRIPT_DIRECTORIES =
      List.of(
          Path.of("/usr/lib/rabbitmq/bin"),
          Path.of("/usr/lib/rabbitmq/sbin"),
          Path.of("/opt/rabbitmq/sbin"),
          Path.of("/usr/local/sbin"));

  private final Path scripts;
  private final Path directory;
  private final Path logDirectory;
  private final String node;
  private final int port;
  private final int distributionPort;
  private final Thread cleanup = new Thread(this::close, "private-rabbitmq-cleanup");
  private Process server;
  private boolean closed;

  private PrivateRabbitMq(Path scripts, Path directory, Path logDirectory, String nodePrefix) {
    this.scripts = scripts;
    this.directory = directory;
    this.logDirectory = logDirectory;
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    this.node = nodePrefix + "-" + HexFormat.of().formatHex(random) + "@localhost";
    this.port = FreePorts.pick();
    int distribution = FreePorts.pick();
    while (distribution == port) {
      distribution = FreePorts.pick();
    }
    this.distributionPort = distribution;
  }

  /**
   * Prepares a node and starts it.
   *
   * @param logDirectory where the node's logs go, emptied first; they outlive the node, for looking
   *     at after a failure
   */
  public static PrivateRabbitMq start(Path logDirectory) {
    return start(logDirectory, "promptly-chaos");
  }

  /**
   * Like {@link #start(Path)}, with a node name of {@code <nodePrefix>-<random>@localhost}: the
   * nodes of a {@link PrivateRabbitMqCluster}, which share the OS user's Erlang cookie.
   */
  static PrivateRabbitMq start(Path logDirectory, String nodePrefix) {
    Path scripts = scripts();
    try {
      Path directory = Files.createTempDirectory("promptly-rabbitmq-");
      HostCommands.deleteRecursively(logDirectory);
      Files.createDirectories(logDirectory);
      PrivateRabbitMq rabbit = new PrivateRabbitMq(scripts, directory, logDirectory, nodePrefix);
      Runtime.getRuntime().addShutdownHook(rabbit.cleanup);
      // An empty env file and config file of our own keep /etc/rabbitmq (the shared node's
      // listeners and node name) out; an empty plugin list opens no management or other ports.
      Files.writeString(directory.resolve("rabbitmq-env.conf"), "");
      Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
      Files.writeString(directory.resolve("rabbitmq.conf"), "disk_free_limit.absolute = 50MB\n");
      HostCommands.giveTo(OS_USER, directory);
      HostCommands.giveTo(OS_USER, logDirectory);
      try {
        rabbit.start();
      } catch (RuntimeException e) {
        rabbit.close();
        throw e;
      }
      return rabbit;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a private RabbitMQ", e);
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The Erlang node name, e.g. {@code promptly-chaos-1a2b3c4d@localhost}. */
  public String nodeName() {
    return node;
  }

  /** The default user, which a new node allows from localhost. */
  public String username() {
    return "guest";
  }

  public String password() {
    return "guest";
  }

  /** Starts the node on the same data, node name and ports; returns once it has booted. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("this private RabbitMQ was closed");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                HostCommands.asUser(
                    OS_USER, List.of(scripts.resolve("rabbitmq-server").toString())))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logDirectory.resolve("console.log").toFile()));
    builder.environment().putAll(serverEnvironment());
    try {
      server = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start rabbitmq-server from " + scripts, e);
    }
    awaitListening();
    ctl("await_startup", "--timeout", "60");
  }

  /** Stops the node cleanly; durable queues and persistent messages stay on disk. */
  public synchronized void stop() {
    ctl("stop");
    awaitExit();
  }

  /**
   * Kills the node's Erlang VM with SIGKILL, as a machine failure would: no clean shutdown, no
   * goodbye to the cluster. Returns once the node's processes are gone.
   */
  public synchronized void kill() {
    long pid;
    try {
      pid = Long.parseLong(Files.readString(directory.resolve("rabbitmq.pid")).strip());
    } catch (IOException | NumberFormatException e) {
      throw failure("no pid file to kill the node by: " + e.getMessage());
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    awaitExit();
  }

  /** Runs {@code rabbitmqctl -n <this node> arguments...} and returns its output. */
  public String ctlOutput(String... arguments) {
    return ctl(arguments);
  }

  /** The last lines of the node's output and log. */
  public String logTail() {
    return HostCommands.tail(logDirectory.resolve("console.log"), 20)
        + "\n--- "
        + node
        + ".log ---\n"
        + HostCommands.tail(logDirectory.resolve(node + ".log"), 30);
  }

  /** Stops the node and removes its files; the logs stay. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null && server.isAlive()) {
      try {
        ctl("stop");
      } catch (RuntimeException e) {
        System.err.println("could not stop the private RabbitMQ cleanly: " + e.getMessage());
      }
      awaitExit();
    }
    HostCommands.deleteRecursively(directory);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // Already shutting down: this is the hook.
    }
  }

  private Map<String, String> serverEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("RABBITMQ_NODENAME", node);
    environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    environment.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
    environment.put(
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    environment.put("RABBITMQ_CONF_ENV_FILE", directory.resolve("rabbitmq-env.conf").toString());
    environment.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
    environment.put(
        "RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
    environment.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
    environment.put("RABBITMQ_PID_FILE", directory.resolve("rabbitmq.pid").toString());
    environment.put("RABBITMQ_LOG_BASE", logDirectory.toString());
    environment.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    return environment;
  }

  private void awaitListening() {
    Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
    while (!FreePorts.isListening(port)) {
      if (!server.isAlive()) {
        throw failure("rabbitmq-server exited with " + server.exitValue() + " while booting");
      }
      if (Instant.now().isAfter(deadline)) {
        throw failure("rabbitmq-server did not listen on " + port + " within " + BOOT_TIMEOUT);
      }
      try {
        Thread.sleep(200); // polling a child process's port; there is nothing to await on instead
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted while rabbitmq-server booted");
      }
    }
  }

  private void awaitExit() {
    try {
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String ctl(String... arguments) {
    List<String> command =
        new ArrayList<>(List.of(scripts.resolve("rabbitmqctl").toString(), "-n", node));
    command.addAll(List.of(arguments));
    try {
      return HostCommands.run(
          HostCommands.asUser(OS_USER, command),
          Map.of("ERL_EPMD_ADDRESS", "127.0.0.1"),
          Duration.ofSeconds(90));
    } catch (IllegalStateException e) {
      throw failure(e.getMessage());
    }
  }

  private IllegalStateException failure(String message) {
    return new IllegalStateException(
        "private RabbitMQ " + node + " on port " + port + ": " + message + "\n" + logTail());
  }

  private static Path scripts() {
    String configured = System.getenv("PROMPTLY_TEST_RABBITMQ_BIN");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return SCRIPT_DIRECTORIES.stream()
        .filter(directory -> Files.isExecutable(directory.resolve("rabbitmq-server")))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no rabbitmq-server script in "
                        + SCRIPT_DIRECTORIES
                        + ": install the rabbitmq-server package or set PROMPTLY_TEST_RABBITMQ_BIN"));
  }
}
