package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.promptly.testsupport.PrivatePgBouncer;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The end-to-end suite's cases with every service's pool going through a PgBouncer in transaction
 * mode (docs/deploy.md, "PgBouncer"): the datasource URL through it with {@code
 * prepareThreshold=0}, and the two users of a session past it, straight to Postgres: Flyway ({@code
 * spring.flyway.url}) and the LISTEN connection ({@code promptly.notifications.direct-url}, which
 * wakes webhook deliveries). Adds a cancel and a webhook to the inherited cases.
 */
class PgBouncerEndToEndIT extends EndToEndIT {
  private static final int SERVER_CONNECTIONS = 10;

  private PrivatePgBouncer bouncer;
  private HttpServer receiver;
  private final List<String> deliveries = new CopyOnWriteArrayList<>();

  @Override
  Map<String, String> connectionProperties() {
    TestServices shared = TestInfrastructure.shared();
    if (bouncer == null) {
      URI postgres = URI.create(shared.jdbcUrl().substring("jdbc:".length()));
      bouncer =
          PrivatePgBouncer.start(
              postgres.getHost(),
              postgres.getPort(),
              shared.databaseUser(),
              SERVER_CONNECTIONS,
              logs().resolve("pgbouncer.log").toAbsolutePath());
    }
    return Map.of(
        "spring.datasource.url", bouncer.jdbcUrl(shared.databaseName()),
        "spring.flyway.url", shared.jdbcUrl(),
        "promptly.notifications.direct-url", shared.jdbcUrl(),
        "promptly.webhooks.allow-private-targets", "true");
  }

  @Override
  Path logs() {
    return super.logs().resolve("pgbouncer");
  }

  @AfterAll
  void stopPgBouncer() {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (bouncer != null) {
      bouncer.close();
    }
  }

  /**
   * Not rerun through PgBouncer: the pool changes nothing a 10,000-job batch checks that the small
   * batch does not, and it would double the suite's longest case. (Without {@code @Test}, the
   * override is not a test.)
   */
  @Override
  void aBatchOfTenThousandJobsCompletesWithExactCounts() {}

  @Test
  void aQueuedOrRunningJobIsCancelled() throws Exception {
    setEmulatorLatency(5000);
    try {
      PromptlyClient.Response accepted = client.post("/v1/jobs", ChaosJobs.chatAsking("cancel me"));
      String id = accepted.body().get("id").asString();

      PromptlyClient.Response cancelled = client.post("/v1/jobs/" + id + "/cancel", Map.of());
      JsonNode job = waitForTerminal(id);

      assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
      assertThat(job.get("status").asString()).isEqualTo("cancelled");
    } finally {
      setEmulatorLatency(0);
    }
  }

  @Test
  void aFinishedJobsWebhookIsDelivered() throws Exception {
    String url = startReceiver();
    Map<String, Object> request = new java.util.HashMap<>(ChaosJobs.chatAsking("call me back"));
    request.put("webhook_url", url);

    PromptlyClient.Response accepted = client.post("/v1/jobs", request);
    String id = accepted.body().get("id").asString();

    assertThat(waitForTerminal(id).get("status").asString()).isEqualTo("succeeded");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deliveries).anyMatch(body -> body.contains(id)));
  }

  private String startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          deliveries.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
  }
}
