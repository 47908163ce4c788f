package dev.promptly.e2e;

import dev.promptly.testsupport.FreePorts;
import dev.promptly.testsupport.PrivatePostgres;
import dev.promptly.testsupport.PrivateRabbitMq;
import dev.promptly.testsupport.PrivateRabbitMqCluster;
import dev.promptly.testsupport.RedisKeyspace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * One Promptly for the whole chaos suite: a private Postgres and a private RabbitMQ (so that the
 * suite may restart them), the shared Redis under a key prefix of its own, and the emulator, the
 * API and two workers as processes, all on free ports and with short timings.
 */
final class ChaosStack implements AutoCloseable {
  private static final String DATABASE = "promptly";
  private static final Duration READY = Duration.ofSeconds(150);
  static final int TENANT_WINDOW = Integer.getInteger("chaos.tenant-window", 100);

  private final Path root;
  private final Path logs;
  private final String adminKey = "chaos-admin-" + UUID.randomUUID();
  private final List<ServiceProcess> processes = new ArrayList<>();
  private final List<ServiceProcess> workers = new ArrayList<>();
  private PrivatePostgres postgres;
  private PrivateRabbitMq rabbit;
  private PrivateRabbitMqCluster cluster;
  private final int clusterSize;
  private RedisKeyspace redis;
  private ServiceProcess emulator;
  private ServiceProcess api;
  private int restarts;

  private ChaosStack(Path root, Path logs, int clusterSize) {
    this.root = root;
    this.logs = logs;
    this.clusterSize = clusterSize;
  }

  static ChaosStack start(Path root, Path logs) {
    return start(new ChaosStack(root, logs, 0));
  }

  /**
   * The same stack on a private RabbitMQ cluster of {@code size} nodes instead of one broker, with
   * quorum queues, and every service given all the nodes' addresses.
   */
  static ChaosStack startOnCluster(Path root, Path logs, int size) {
    return start(new ChaosStack(root, logs, size));
  }

  private static ChaosStack start(ChaosStack stack) {
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    redis = RedisKeyspace.unique("promptly-chaos");
    // The servers boot in parallel; the broker takes the longest.
    CompletableFuture<?> broker =
        clusterSize > 0
            ? CompletableFuture.runAsync(
                () ->
                    cluster =
                        PrivateRabbitMqCluster.start(
                            logs.resolve("chaos-rabbitmq-cluster"), clusterSize))
            : CompletableFuture.runAsync(
                () -> rabbit = PrivateRabbitMq.start(logs.resolve("chaos-rabbitmq")));
    postgres = PrivatePostgres.start(logs.resolve("chaos-postgres.log"));
    postgres.createDatabase(DATABASE);
    broker.join();
    emulator = launch("chaos-emulator", "llm-emulator/target/llm-emulator-exec.jar", List.of());
    api = launch("chaos-api", "api-service/target/api-service.jar", apiArguments());
    for (int i = 1; i <= 2; i++) {
      workers.add(
          launch(
              "chaos-worker-" + i, "worker-service/target/worker-service.jar", workerArguments()));
    }
    emulator.awaitReady("/actuator/health", READY);
    api.awaitReady("/actuator/health/readiness", READY);
    workers.forEach(worker -> worker.awaitReady("/actuator/health/readiness", READY));
  }

  PromptlyClient newTenantClient(String name) {
    return new PromptlyClient(api.baseUrl(), adminKey).newTenant(name);
  }

  PromptlyClient newCappedTenantClient(String name, int maxConcurrentJobs) {
    return new PromptlyClient(api.baseUrl(), adminKey).newCappedTenant(name, maxConcurrentJobs);
  }

  EmulatorControl emulator() {
    return new EmulatorControl(emulator.baseUrl());
  }

  PrivatePostgres postgres() {
    return postgres;
  }

  PrivateRabbitMq rabbit() {
    return rabbit;
  }

  PrivateRabbitMqCluster cluster() {
    return cluster;
  }

  List<ServiceProcess> workers() {
    return List.copyOf(workers);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(DATABASE), postgres.user(), postgres.password());
  }

  ServiceProcess api() {
    return api;
  }

  /** Starts a new API (on a new port) in place of the current one, which must be dead. */
  ServiceProcess replaceApi() {
    restarts++;
    api =
        launch(
            "chaos-api-restart-" + restarts, "api-service/target/api-service.jar", apiArguments());
    api.awaitReady("/actuator/health/readiness", READY);
    return api;
  }

  /** Starts a new process in place of worker {@code index} (which must be dead), not awaited. */
  ServiceProcess replaceWorker(int index) {
    restarts++;
    ServiceProcess replacement =
        launch(
            workers.get(index).name() + "-restart-" + restarts,
            "worker-service/target/worker-service.jar",
            workerArguments());
    workers.set(index, replacement);
    return replacement;
  }

  /**
   * Brings back whatever an earlier scenario left down, so that every scenario starts from a whole
   * stack even after another one failed half-way.
   */
  void heal() {
    if (!FreePorts.isListening(postgres.port())) {
      postgres.start();
    }
    if (rabbit != null && !FreePorts.isListening(rabbit.port())) {
      rabbit.start();
    }
    for (int i = 0; i < workers.size(); i++) {
      if (!workers.get(i).isAlive()) {
        replaceWorker(i).awaitReady("/actuator/health/readiness", READY);
      }
    }
  }

  /**
   * Deletes what the workers learned of the provider's limits, so no later scenario inherits it.
   */
  void forgetLearnedProviderLimits() {
    try (RedisClient client =
        RedisClient.builder().hostAndPort(redis.host(), redis.port()).build()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams match = new ScanParams().match(redis.prefix() + "provider-limits:*").count(500);
      do {
        ScanResult<String> page = client.scan(cursor, match);
        if (!page.getResult().isEmpty()) {
          client.del(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }

  private List<String> commonArguments() {
    List<String> arguments = new ArrayList<>(brokerArguments());
    arguments.addAll(
        List.of(
            "--spring.datasource.url=" + postgres.jdbcUrl(DATABASE),
            "--spring.datasource.username=" + postgres.user(),
            "--spring.datasource.password=" + postgres.password(),
            "--spring.rabbitmq.virtual-host=/",
            "--spring.data.redis.host=" + redis.host(),
            "--spring.data.redis.port=" + redis.port(),
            "--promptly.redis.key-prefix=" + redis.prefix(),
            "--promptly.messaging.relay-interval=200ms",
            "--promptly.messaging.relay-grace=500ms",
            // A small window, so that the scenarios' backlogs park and are let go as they drain.
            "--promptly.scheduling.tenant-window=" + TENANT_WINDOW));
    return arguments;
  }

  private List<String> brokerArguments() {
    if (cluster != null) {
      PrivateRabbitMq any = cluster.nodes().getFirst();
      return List.of(
          "--spring.rabbitmq.addresses=" + cluster.addresses(),
          "--spring.rabbitmq.username=" + any.username(),
          "--spring.rabbitmq.password=" + any.password(),
          "--promptly.messaging.queue-type=quorum");
    }
    return List.of(
        "--spring.rabbitmq.host=" + rabbit.host(),
        "--spring.rabbitmq.port=" + rabbit.port(),
        "--spring.rabbitmq.username=" + rabbit.username(),
        "--spring.rabbitmq.password=" + rabbit.password());
  }

  private List<String> apiArguments() {
    List<String> arguments = new ArrayList<>(commonArguments());
    arguments.add("--promptly.auth.admin-api-key=" + adminKey);
    arguments.add(
        "--spring.datasource.hikari.maximum-pool-size=" + System.getProperty("chaos.pool", "10"));
    return arguments;
  }

  private List<String> workerArguments() {
    List<String> arguments = new ArrayList<>(commonArguments());
    arguments.addAll(
        List.of(
            "--promptly.llm.base-url=" + emulator.baseUrl() + "/v1",
            "--promptly.worker.concurrency=64",
            "--promptly.worker.schema-wait=150s",
            // On the cluster, three broker nodes share the machine's cores with the services: a
            // longer lease, so a heartbeat starved for CPU does not hand a running job to the
            // other worker (node loss is about the broker, not about leases).
            "--promptly.worker.lease.duration=" + (clusterSize > 0 ? "30s" : "6s"),
            "--promptly.worker.lease.heartbeat-interval=1s",
            "--promptly.worker.reaper.interval=1s",
            "--promptly.worker.retry.base-delay=200ms",
            "--promptly.worker.retry.max-delay=3s",
            "--promptly.worker.circuit.open-wait=3s",
            "--promptly.worker.circuit.delay-jitter=1s",
            "--promptly.worker.max-requeue-delay=3s",
            // Provider batches: a file is sent a second after its first job waits, and a worker
            // killed in the middle of a step leaves it to another after 5 s, not 2 minutes.
            "--promptly.provider-batches.max-age=1s",
            "--promptly.provider-batches.interval=500ms",
            "--promptly.provider-batches.poll-interval=1s",
            "--promptly.provider-batches.step-lease=5s"));
    return arguments;
  }

  private ServiceProcess launch(String name, String jar, List<String> arguments) {
    ServiceProcess process = ServiceProcess.start(name, root.resolve(jar), logs, arguments);
    processes.add(process);
    return process;
  }

  @Override
  public void close() {
    processes.reversed().forEach(ServiceProcess::close);
    if (rabbit != null) {
      rabbit.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (redis != null) {
      redis.close();
    }
  }
}
