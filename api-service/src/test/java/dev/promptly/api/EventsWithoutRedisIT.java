package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import dev.promptly.testsupport.TestInfrastructure;
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
    Thread.ofVirtual().start(() -> StreamedEvents.read(replicaPort, job, key, events));
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
}
