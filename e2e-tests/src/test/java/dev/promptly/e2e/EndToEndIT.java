package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole product as a user runs it: the built jars of the emulator, the API and two workers as
 * separate processes against real Postgres, RabbitMQ and Redis, driven over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
  private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path LOGS =
      Path.of(System.getProperty("promptly.e2e.logs", "target/e2e-logs"));

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<ServiceProcess> processes = new ArrayList<>();
  TestServices services;
  ServiceProcess emulator;
  private ServiceProcess api;
  PromptlyClient client;

  @BeforeAll
  void startPromptly() {
    services = TestInfrastructure.shared();
    emulator =
        start("emulator", "llm-emulator/target/llm-emulator-exec.jar", List.of())
            .awaitReady("/actuator/health", Duration.ofSeconds(90));
    api =
        start(
                "api",
                "api-service/target/api-service.jar",
                List.of("--promptly.auth.admin-api-key=" + ADMIN_KEY))
            .awaitReady("/actuator/health/readiness", Duration.ofSeconds(120));
    for (String worker : List.of("worker-1", "worker-2")) {
      start(
              worker,
              "worker-service/target/worker-service.jar",
              List.of(
                  "--promptly.llm.base-url=" + emulator.baseUrl() + "/v1",
                  "--promptly.worker.concurrency=8",
                  // when-watched (the default) would race the test's listener against the worker's
                  // first call; the worker tests cover it.
                  "--promptly.worker.streaming=always"))
          .awaitReady("/actuator/health/readiness", Duration.ofSeconds(120));
    }
    client = new PromptlyClient(api.baseUrl(), ADMIN_KEY).newTenant("e2e");
  }

  @AfterAll
  void stopPromptly() {
    processes.reversed().forEach(ServiceProcess::close);
  }

  @Test
  void summarizeJobReturnsSentencesOfTheDocument() throws Exception {
    String document = Files.readString(ROOT.resolve("docs/demo/lighthouses.txt"));

    JsonNode job =
        submitAndWait(
            Map.of(
                "kind",
                "summarize",
                "input",
                Map.of("text", document, "style", "bullets", "max_words", 80)));

    assertThat(job.get("status").asString()).isEqualTo("succeeded");
    String summary = job.get("result").get("text").asString();
    assertThat(summary).isNotBlank();
    for (String line : summary.lines().filter(l -> !l.isBlank()).toList()) {
      String sentence = line.replaceFirst("^[-•*]\\s*", "").strip();
      assertThat(document).as("summary line is a sentence of the input").contains(sentence);
    }
    assertThat(job.get("usage").get("prompt_tokens").asInt()).isGreaterThan(200);
    assertThat(job.get("usage").get("cost_usd").asDouble()).isPositive();
    assertThat(job.get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void chatJobReturnsAReplyWithUsageAndTimestamps() {
    JsonNode job =
        submitAndWait(
            Map.of(
                "kind",
                "chat",
                "input",
                Map.of(
                    "messages",
                    List.of(
                        Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", "What does a job queue buy me?")),
                    "max_tokens",
                    120)));

    assertThat(job.get("status").asString()).isEqualTo("succeeded");
    assertThat(job.get("result").get("text").asString()).isNotBlank();
    assertThat(job.get("usage").get("total_tokens").asInt()).isPositive();
    assertThat(job.get("started_at").isNull()).isFalse();
    assertThat(job.get("finished_at").isNull()).isFalse();
  }

  @Test
  void jobsSpreadOverBothWorkersAndEveryOneSucceeds() throws Exception {
    setEmulatorLatency(300);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      PromptlyClient.Response accepted =
          client.post(
              "/v1/jobs",
              Map.of(
                  "kind",
                  "chat",
                  "input",
                  Map.of("messages", List.of(Map.of("role", "user", "content", "question " + i)))));
      assertThat(accepted.status()).isEqualTo(202);
      ids.add(accepted.body().get("id").asString());
    }

    for (String id : ids) {
      assertThat(waitForTerminal(id).get("status").asString()).isEqualTo("succeeded");
    }
    setEmulatorLatency(0);
    assertThat(distinctWorkersThatRan(ids)).isEqualTo(2);
  }

  @Test
  void chatJobStreamsItsAnswerOverServerSentEventsInOrderToDone() throws Exception {
    EmulatorControl control = new EmulatorControl(emulator.baseUrl());
    // The first token comes late enough for the listener to be connected before it.
    control.configure(Map.of("ttft_ms", 1500, "per_token_ms", 5));
    Map<String, Map<Long, Long>> publishedAtByJob = new ConcurrentHashMap<>();
    JedisPubSub workerDeltas = deltasOnRedis(publishedAtByJob);
    try {
      PromptlyClient.Response accepted =
          client.post(
              "/v1/jobs",
              Map.of(
                  "kind",
                  "chat",
                  "input",
                  Map.of(
                      "messages",
                      List.of(Map.of("role", "user", "content", "Explain message queues.")),
                      "max_tokens",
                      400)));
      String id = accepted.body().get("id").asString();

      List<EventStream.Event> events =
          EventStream.readToEnd(api.baseUrl(), "/v1/jobs/" + id + "/events", client.apiKey());

      List<String> names = events.stream().map(EventStream.Event::name).toList();
      assertThat(names.getFirst()).isEqualTo("status");
      assertThat(names.subList(names.size() - 2, names.size())).containsExactly("status", "done");
      List<EventStream.Event> deltas =
          events.stream().filter(event -> event.name().equals("delta")).toList();
      assertThat(deltas).hasSizeGreaterThan(5);
      String streamed =
          String.join("", deltas.stream().map(d -> d.data().get("text").asString()).toList());
      JsonNode done = events.getLast().data();
      assertThat(done.get("status").asString()).isEqualTo("succeeded");
      assertThat(streamed).isEqualTo(done.get("result").get("text").asString());
      printDeltaLatency(deltas, publishedAtByJob.get(id));
    } finally {
      workerDeltas.punsubscribe();
      control.configure(Map.of("ttft_ms", 0, "per_token_ms", 0));
    }
  }

  /** Subscribes to every job's channel and notes when a worker published each delta. */
  private JedisPubSub deltasOnRedis(Map<String, Map<Long, Long>> publishedAtByJob)
      throws Exception {
    String channels = services.redisKeyPrefix() + "job-events:";
    CountDownLatch subscribed = new CountDownLatch(1);
    JedisPubSub pubSub =
        new JedisPubSub() {
          @Override
          public void onPSubscribe(String pattern, int count) {
            subscribed.countDown();
          }

          @Override
          public void onPMessage(String pattern, String channel, String message) {
            JsonNode event = JSON.readTree(message);
            if (event.get("type").asString().equals("delta")) {
              publishedAtByJob
                  .computeIfAbsent(
                      channel.substring(channels.length()), job -> new ConcurrentHashMap<>())
                  .put(event.get("seq").asLong(), event.get("at").asLong());
            }
          }
        };
    Thread.ofVirtual()
        .start(
            () -> {
              try (Jedis jedis = new Jedis(services.redisHost(), services.redisPort())) {
                jedis.psubscribe(pubSub, channels + "*");
              }
            });
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
    return pubSub;
  }

  // The nth delta on the stream is the nth the worker published: both are in order, and the
  // listener was connected before the first.
  private static void printDeltaLatency(
      List<EventStream.Event> deltas, Map<Long, Long> publishedAtBySeq) {
    List<Long> published =
        publishedAtBySeq.keySet().stream().sorted().map(publishedAtBySeq::get).toList();
    assertThat(published).hasSize(deltas.size());
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < deltas.size(); i++) {
      Instant received = deltas.get(i).receivedAt();
      long receivedMicros = received.getEpochSecond() * 1_000_000L + received.getNano() / 1_000;
      micros.add(receivedMicros - published.get(i));
    }
    List<Long> sorted = micros.stream().sorted().toList();
    System.out.printf(
        "delta latency (e2e, worker publish -> SSE client): n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
        sorted.size(),
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
        sorted.getLast() / 1000.0);
  }

  @Test
  void aBatchRunsToCompletionAndItsResultsComeInSubmissionOrder() {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(
          Map.of(
              "custom_id",
              "q-" + i,
              "kind",
              "chat",
              "input",
              Map.of(
                  "messages", List.of(Map.of("role", "user", "content", "batch question " + i)))));
    }

    PromptlyClient.Response accepted = client.post("/v1/batches", Map.of("jobs", jobs));

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.body().get("id").asString();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> client.get("/v1/batches/" + id).body().get("status").asString(),
            "completed"::equals);
    JsonNode batch = client.get("/v1/batches/" + id).body();
    assertThat(batch.get("counts").get("succeeded").asInt()).isEqualTo(6);
    assertThat(batch.get("usage").get("total_tokens").asInt()).isPositive();
    assertThat(batch.get("completed_at").isNull()).isFalse();
    List<String> lines =
        client.get("/v1/batches/" + id + "/results").body().asString().lines().toList();
    assertThat(lines).hasSize(6);
    for (int i = 0; i < 6; i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("custom_id").asString()).isEqualTo("q-" + i);
      assertThat(line.get("status").asString()).isEqualTo("succeeded");
      assertThat(line.get("result").get("text").asString()).isNotBlank();
    }
  }

  /**
   * The largest batch the API takes, run end to end by the two workers: exact counts, every job
   * ended once, its results in submission order.
   */
  @Test
  void aBatchOfTenThousandJobsCompletesWithExactCounts() throws Exception {
    int total = 10_000;
    List<Map<String, Object>> jobs = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      jobs.add(
          Map.of(
              "custom_id",
              "n-" + i,
              "kind",
              "chat",
              "input",
              Map.of("messages", List.of(Map.of("role", "user", "content", "question " + i)))));
    }

    PromptlyClient.Response accepted = client.post("/v1/batches", Map.of("jobs", jobs));

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.body().get("id").asString();
    assertThat(accepted.body().get("counts").get("total").asInt()).isEqualTo(total);
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> client.get("/v1/batches/" + id).body().get("status").asString(),
            "completed"::equals);
    JsonNode counts = client.get("/v1/batches/" + id).body().get("counts");
    assertThat(counts.get("total").asInt()).isEqualTo(total);
    assertThat(counts.get("succeeded").asInt()).isEqualTo(total);
    for (String other : List.of("queued", "running", "retry_scheduled", "failed", "cancelled")) {
      assertThat(counts.get(other).asInt()).as(other).isZero();
    }
    assertThat(succeededEventsOfBatch(id)).as("each job succeeded once").isEqualTo(total);
    List<String> lines =
        client.get("/v1/batches/" + id + "/results").body().asString().lines().toList();
    assertThat(lines).hasSize(total);
    for (int i = 0; i < total; i += 997) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("custom_id").asString()).isEqualTo("n-" + i);
      assertThat(line.get("status").asString()).isEqualTo("succeeded");
    }
  }

  private long succeededEventsOfBatch(String batchId) throws SQLException {
    try (Connection db = connect();
        var statement =
            db.prepareStatement(
                "SELECT count(*) FROM job_events e JOIN jobs j ON j.id = e.job_id"
                    + " WHERE j.batch_id = ? AND e.to_status = 'succeeded'")) {
      statement.setString(1, batchId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void invalidJobIsRefusedAndLeavesNoRow() throws Exception {
    long before = countJobs();

    PromptlyClient.Response refused =
        client.post(
            "/v1/jobs", Map.of("kind", "summarize", "input", Map.of("text", "x", "max_words", 5)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("code").asString()).isEqualTo("invalid_request");
    assertThat(countJobs()).isEqualTo(before);
  }

  private ServiceProcess start(String name, String jar, List<String> extraArguments) {
    List<String> arguments = new ArrayList<>();
    // One value per property: Spring joins a property given twice with a comma.
    Map<String, String> properties = new java.util.LinkedHashMap<>(services.springProperties());
    properties.putAll(connectionProperties());
    properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    arguments.addAll(extraArguments);
    ServiceProcess process = ServiceProcess.start(name, ROOT.resolve(jar), logs(), arguments);
    processes.add(process);
    return process;
  }

  /** Properties every service gets in place of, or besides, the test servers' properties. */
  Map<String, String> connectionProperties() {
    return Map.of();
  }

  /** Where the services' logs go. */
  Path logs() {
    return LOGS;
  }

  JsonNode submitAndWait(Map<String, Object> request) {
    PromptlyClient.Response accepted = client.post("/v1/jobs", request);
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    return waitForTerminal(accepted.body().get("id").asString());
  }

  JsonNode waitForTerminal(String id) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = client.get("/v1/jobs/" + id + "?wait=10").body();
              String status = last[0].get("status").asString();
              return status.equals("succeeded")
                  || status.equals("failed")
                  || status.equals("cancelled");
            });
    return last[0];
  }

  void setEmulatorLatency(int millis) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/emulator/config"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"latency_ms\": " + millis + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private long distinctWorkersThatRan(List<String> ids) throws SQLException {
    try (Connection db = connect();
        var statement =
            db.prepareStatement(
                "SELECT count(DISTINCT worker_id) FROM job_attempts WHERE job_id = ANY (?)")) {
      statement.setArray(1, db.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long countJobs() throws SQLException {
    try (Connection db = connect();
        ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        services.jdbcUrl(), services.databaseUser(), services.databasePassword());
  }
}
