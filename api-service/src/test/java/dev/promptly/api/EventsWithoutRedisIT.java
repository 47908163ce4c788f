package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import dev.promptly.testsupport.TestInfrastructure;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An API instance that starts while Redis is down still streams job events from Postgres, and picks
 * up live deltas once Redis is back.
 */
class EventsWithoutRedisIT extends ApiIntegrationTest {
  private static final TcpProxy REDIS =
      TcpProxy.to(TestInfrastructure.shared().redisHost(), TestInfrastructure.shared().redisPort());
  private static SecondApiInstance replica;
  private static int replicaPort;

  @Autowired JobRepository repository;
  @Autowired JobEventPublisher publisher;

  @BeforeAll
  static void startAnInstanceWhileRedisIsDown() {
    REDIS.set(TcpProxy.Mode.DOWN);
    replica =
        SecondApiInstance.start(
            Map.of(
                "spring.data.redis.host", "127.0.0.1",
                "spring.data.redis.port", Integer.toString(REDIS.port()),
                "promptly.events.heartbeat", "500ms"));
    replicaPort = replica.port();
  }

  @AfterAll
  static void stopIt() {
    replica.close();
    REDIS.set(TcpProxy.Mode.UP);
  }

  @Test
  void streamsFromPostgresWhileRedisIsDownAndDeltasFlowOnceItIsBack() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    List<String> events = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> read(job, key, events));
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("status:queued"));

    repository.transition(
        job,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().increment("attempts").set("worker_id", "w"),
        null);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("status:running"));
    REDIS.set(TcpProxy.Mode.UP);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              publisher.publish(job, new JobEvent.Delta(1, System.nanoTime(), "back", 0));
              return events.contains("delta");
            });
    repository.transition(
        job,
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobChanges.none().set("result", "{\"text\": \"back\"}").set("finished_at", Instant.now()),
        null);

    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("done"));
    assertThat(events).containsSubsequence("status:queued", "status:running", "delta", "done");
  }

  private void read(String job, String key, List<String> events) {
    try {
      HttpResponse<InputStream> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + replicaPort + "/v1/jobs/" + job + "/events"))
                      .header("Authorization", "Bearer " + key)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      String name = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:") && "status".equals(name)) {
          events.add("status:" + line.replaceAll(".*\"status\":\"([a-z_]+)\".*", "$1"));
        } else if (line.startsWith("data:")) {
          events.add(name);
        }
      }
    } catch (Exception e) {
      events.add("error: " + e);
    }
  }
}
