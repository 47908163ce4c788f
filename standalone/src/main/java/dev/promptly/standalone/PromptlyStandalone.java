package dev.promptly.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Promptly in one process, for a laptop with only a JDK and for tests: PostgreSQL from bundled
 * binaries and an AMQP broker in this JVM, then the API, a worker and (without a real provider) the
 * LLM emulator, each from its own jar in its own class loader, talking to each other over 127.0.0.1
 * exactly as separate processes do. One process and one disk: not for production.
 */
public final class PromptlyStandalone {
  private final StandaloneSettings settings;
  private final List<AutoCloseable> stopOrder = new ArrayList<>();

  private PromptlyStandalone(StandaloneSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    long started = System.nanoTime();
    PromptlyStandalone standalone;
    try {
      standalone = new PromptlyStandalone(StandaloneSettings.from(System.getenv()));
    } catch (IllegalArgumentException e) {
      System.err.println("promptly standalone: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(standalone::stop, "standalone-shutdown"));
    try {
      standalone.start(started);
    } catch (Exception e) {
      System.err.println("promptly standalone: start-up failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private void start(long started) throws Exception {
    Path home = settings.home();
    Files.createDirectories(settings.logs());
    lock(home);
    StandaloneKeys keys = StandaloneKeys.load(home, System.getenv());

    int postgresPort = freePort();
    int brokerPort = freePort();
    BundledPostgres postgres =
        BundledPostgres.start(
            home.resolve("postgres"), settings.logs().resolve("postgres.log"), postgresPort);
    stopOrder.addFirst(postgres);
    EmbeddedBroker broker =
        EmbeddedBroker.start(home.resolve("broker"), settings.logs(), brokerPort);
    stopOrder.addFirst(broker);

    ServiceArguments arguments =
        new ServiceArguments(settings, postgres.jdbcUrl(), brokerPort, keys, freePortOrZero());
    List<ServiceJar> services = new ArrayList<>();
    if (settings.provider().isEmpty()) {
      services.add(service("emulator", "llm-emulator-exec.jar"));
    }
    services.add(service("api", "api-service.jar"));
    services.add(service("worker", "worker-service.jar"));
    startAll(services, arguments);

    long millis = (System.nanoTime() - started) / 1_000_000;
    say("");
    say("Promptly is up (standalone: one process, ready in " + millis + " ms).");
    say("  API          http://127.0.0.1:" + settings.apiPort() + "/v1/jobs");
    say("  dashboard    http://127.0.0.1:" + settings.apiPort() + "/dashboard");
    say("  worker       http://127.0.0.1:" + settings.workerPort() + "/actuator/health");
    say(
        "  provider     "
            + settings
                .provider()
                .orElse(
                    "the Promptly LLM emulator at http://127.0.0.1:"
                        + settings.emulatorPort()
                        + "/v1 (no OPENAI_API_KEY or OPENAI_BASE_URL set)"));
    say(
        "  PostgreSQL   bundled, on 127.0.0.1:"
            + postgresPort
            + ", data in "
            + home.resolve("postgres/data"));
    say("  AMQP broker  embedded (Qpid Broker-J), on 127.0.0.1:" + brokerPort);
    say(
        "  Redis        "
            + (settings.redis() ? "the one PROMPTLY_REDIS_* names" : "none (not needed)"));
    say("  keys in      " + keys.file() + " ; logs in " + settings.logs());
  }

  private ServiceJar service(String name, String jar) throws Exception {
    return new ServiceJar(name, ServiceJars.extract(jar, settings.home().resolve("jars")).toFile());
  }

  /** Starts the services side by side (the worker waits for the API's migrations by itself). */
  private void startAll(List<ServiceJar> services, ServiceArguments arguments) throws Exception {
    try (ExecutorService starters =
        Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory())) {
      List<Future<?>> starts = new ArrayList<>();
      for (ServiceJar service : services) {
        stopOrder.addFirst(service::stop);
        starts.add(
            starters.submit(
                () -> {
                  service.start(arguments.of(service.name()));
                  return null;
                }));
      }
      for (Future<?> start : starts) {
        start.get();
      }
    }
  }

  /** Worker first (it finishes its jobs), then the API, the emulator, the broker, PostgreSQL. */
  private void stop() {
    List<AutoCloseable> order;
    synchronized (stopOrder) {
      order = List.copyOf(stopOrder);
      stopOrder.clear();
    }
    for (AutoCloseable part : order) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("promptly standalone: while stopping: " + e);
      }
    }
  }

  /** One standalone process per data directory: two would share one cluster and one store. */
  private void lock(Path home) throws IOException {
    FileChannel channel =
        FileChannel.open(home.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("another standalone Promptly is running on " + home);
    }
    stopOrder.addFirst(channel);
  }

  private int freePortOrZero() {
    return settings.redis() ? 0 : freePort();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
