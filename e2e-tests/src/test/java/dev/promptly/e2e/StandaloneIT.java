package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import tools.jackson.databind.JsonNode;

/**
 * {@code promptly-standalone.jar} on a machine with no PostgreSQL, RabbitMQ or Redis it may use:
 * every server variable points at a closed port, and no Redis is named. It must run a summarize and
 * a chat job to {@code succeeded}, and still serve both after a restart on the same data.
 */
class StandaloneIT {
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path LOGS =
      Path.of(System.getProperty("promptly.e2e.logs", "target/e2e-logs"));
  private static final Path JAR = ROOT.resolve("standalone/target/promptly-standalone.jar");
  private static final Duration START_UP = Duration.ofMinutes(4);

  @TempDir Path data;

  @Test
  void summarizeAndChatJobsSucceedWithoutServersAndOutliveARestart() throws Exception {
    Map<String, String> environment = environment();
    String summarizeId;
    String chatId;
    JsonNode summary;
    JsonNode chat;
    try (StandaloneProcess standalone = start(environment)) {
      PromptlyClient client = client(environment);

      assertThat(client.post("/v1/jobs", Map.of("kind", "summarize")).status()).isEqualTo(400);
      summarizeId =
          submit(
              client,
              Map.of(
                  "kind",
                  "summarize",
                  "input",
                  Map.of(
                      "text",
                      Files.readString(ROOT.resolve("docs/demo/lighthouses.txt")),
                      "max_words",
                      60)));
      chatId =
          submit(
              client,
              Map.of(
                  "kind",
                  "chat",
                  "input",
                  Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")))));
      summary = waitForTerminal(client, summarizeId);
      chat = waitForTerminal(client, chatId);
      assertThat(summary.get("status").asString()).as(summary.toString()).isEqualTo("succeeded");
      assertThat(chat.get("status").asString()).as(chat.toString()).isEqualTo("succeeded");
      assertThat(summary.get("result").get("text").asString()).isNotBlank();
      assertThat(chat.get("usage").get("total_tokens").asInt()).isPositive();
      assertAWatchedChatStreamsItsAnswerLive(client, environment);
      assertThat(redisComplaints(standalone.output()))
          .as("warnings and errors about Redis, which the standalone is told it does not have")
          .isEmpty();
    }

    try (StandaloneProcess restarted = start(environment)) {
      PromptlyClient client = client(environment);

      JsonNode summaryAgain = client.get("/v1/jobs/" + summarizeId).body();
      JsonNode chatAgain = client.get("/v1/jobs/" + chatId).body();

      assertThat(summaryAgain.get("status").asString()).isEqualTo("succeeded");
      assertThat(summaryAgain.get("result")).isEqualTo(summary.get("result"));
      assertThat(chatAgain.get("status").asString()).isEqualTo("succeeded");
      assertThat(chatAgain.get("result")).isEqualTo(chat.get("result"));
    }
    assertThat(sharedRedisKeys(environment.get("PROMPTLY_REDIS_KEY_PREFIX")))
        .as("keys the standalone wrote to the machine's Redis")
        .isZero();
  }

  private StandaloneProcess start(Map<String, String> environment) {
    String api = "http://127.0.0.1:" + environment.get("PROMPTLY_API_PORT");
    String worker = "http://127.0.0.1:" + environment.get("PROMPTLY_WORKER_PORT");
    return StandaloneProcess.start(JAR, environment, LOGS.resolve("standalone.log"))
        .awaitReady(
            START_UP, api + "/actuator/health/readiness", worker + "/actuator/health/readiness");
  }

  /** Free ports for the standalone, closed ports for every server it must not need. */
  private Map<String, String> environment() throws IOException {
    // Under root PostgreSQL runs as another user, which must be able to reach its directory.
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    String closed = Integer.toString(ServiceProcess.freePort());
    Map<String, String> environment = new HashMap<>();
    environment.put("PROMPTLY_STANDALONE_DIR", data.resolve("standalone").toString());
    environment.put("PROMPTLY_API_PORT", Integer.toString(ServiceProcess.freePort()));
    environment.put("PROMPTLY_WORKER_PORT", Integer.toString(ServiceProcess.freePort()));
    environment.put("PROMPTLY_EMULATOR_PORT", Integer.toString(ServiceProcess.freePort()));
    environment.put("PROMPTLY_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/promptly");
    environment.put("PROMPTLY_RABBIT_HOST", "127.0.0.1");
    environment.put("PROMPTLY_RABBIT_PORT", closed);
    environment.put("PROMPTLY_REDIS_KEY_PREFIX", "standalone-it-" + UUID.randomUUID() + ":");
    environment.put("PROMPTLY_DEV_API_KEY", "pk_standalone_" + UUID.randomUUID());
    environment.put("PROMPTLY_ADMIN_API_KEY", "admin_standalone_" + UUID.randomUUID());
    return environment;
  }

  private static PromptlyClient client(Map<String, String> environment) {
    return new PromptlyClient(
        "http://127.0.0.1:" + environment.get("PROMPTLY_API_PORT"),
        environment.get("PROMPTLY_DEV_API_KEY"));
  }

  private static String submit(PromptlyClient client, Map<String, Object> request) {
    PromptlyClient.Response accepted = client.post("/v1/jobs", request);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.body().get("id").asString();
  }

  private static JsonNode waitForTerminal(PromptlyClient client, String id) {
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

  /**
   * Without Redis, live events go through Postgres notifications: a chat watched before its answer
   * is asked for streams it as deltas, which make up the result in {@code done}. Its first attempt
   * fails (the emulator answers 503), so the watch is in place before the attempt that streams:
   * whether a call streams is decided as it starts, and a stream opened just after the submission
   * may otherwise come too late for the first.
   */
  private static void assertAWatchedChatStreamsItsAnswerLive(
      PromptlyClient client, Map<String, String> environment) throws Exception {
    EmulatorControl emulator =
        new EmulatorControl("http://127.0.0.1:" + environment.get("PROMPTLY_EMULATOR_PORT"));
    emulator.configure(Map.of("error_rate", 1.0, "error_status", 503));
    try {
      String id =
          submit(
              client,
              Map.of(
                  "kind",
                  "chat",
                  "max_attempts",
                  10,
                  "input",
                  Map.of(
                      "messages",
                      List.of(Map.of("role", "user", "content", "Explain message queues.")),
                      "max_tokens",
                      200)));
      CompletableFuture<List<EventStream.Event>> stream =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return EventStream.readToEnd(
                      "http://127.0.0.1:" + environment.get("PROMPTLY_API_PORT"),
                      "/v1/jobs/" + id + "/events",
                      client.apiKey());
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                      .get("/v1/jobs/" + id)
                      .body()
                      .get("status")
                      .asString()
                      .equals("retry_scheduled"));
      emulator.configure(Map.of("error_rate", 0.0, "ttft_ms", 300, "per_token_ms", 5));

      List<EventStream.Event> events = stream.get(90, TimeUnit.SECONDS);

      List<EventStream.Event> deltas =
          events.stream().filter(event -> event.name().equals("delta")).toList();
      JsonNode done = events.getLast().data();
      assertThat(events.getLast().name()).isEqualTo("done");
      assertThat(done.get("status").asString()).isEqualTo("succeeded");
      assertThat(deltas).hasSizeGreaterThan(5);
      assertThat(
              String.join("", deltas.stream().map(d -> d.data().get("text").asString()).toList()))
          .isEqualTo(done.get("result").get("text").asString());
    } finally {
      emulator.configure(Map.of("error_rate", 0.0, "ttft_ms", 0, "per_token_ms", 0));
    }
  }

  /** Lines at WARN or ERROR, or of a stack trace, that name Redis or its client. */
  private static List<String> redisComplaints(List<String> output) {
    return output.stream()
        .filter(line -> line.matches("(?i).*(redis|jedis).*"))
        .filter(line -> line.matches(".*\\b(WARN|ERROR)\\b.*|\\s+at .*|.*Exception.*"))
        .toList();
  }

  /** Keys under the run's prefix in the machine's Redis, if one answers (0 when none does). */
  private static long sharedRedisKeys(String prefix) {
    String host = System.getenv().getOrDefault("PROMPTLY_TEST_REDIS_HOST", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("PROMPTLY_TEST_REDIS_PORT", "6379"));
    try (Jedis redis = new Jedis(host, port)) {
      return redis.keys(prefix + "*").size();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
