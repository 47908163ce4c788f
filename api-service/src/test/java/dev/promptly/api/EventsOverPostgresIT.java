package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.batches.BatchCompletions;
import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventNotifications;
import dev.promptly.jobevents.PostgresJobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.JobStatus;
import dev.promptly.notifications.NotificationsProperties;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.notifications.PostgresNotifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * An API instance told there is no Redis ({@code promptly.redis.enabled=false}, its Redis address a
 * closed port) streams jobs' live events that arrive as Postgres notifications. Its heartbeat is an
 * hour, so no event below can come from a stream's periodic re-read of the job.
 */
class EventsOverPostgresIT extends ApiIntegrationTest {
  private static SecondApiInstance replica;
  private static int replicaPort;

  @Autowired JdbcConnectionDetails database;
  private PostgresNotifier notifier;
  private PostgresJobEventPublisher publisher;
  private JobRepository jobs;

  @BeforeAll
  static void startAnInstanceWithoutRedis() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    replica =
        SecondApiInstance.start(
            Map.of(
                "promptly.redis.enabled", "false",
                "spring.data.redis.port", Integer.toString(closed),
                "promptly.events.heartbeat", "1h"));
    replicaPort = replica.port();
  }

  @AfterAll
  static void stopIt() {
    replica.close();
  }

  /** A job store as a worker without Redis has it: its transitions announced over Postgres. */
  @Autowired BatchCompletions batches;

  @BeforeEach
  void aJobStoreThatAnnouncesOverPostgres() {
    notifier = new PostgresNotifier(database, false);
    publisher = new PostgresJobEventPublisher(notifier, new SimpleMeterRegistry());
    RedisProperties noRedis =
        new RedisProperties("x:", Duration.ofHours(1), Duration.ofSeconds(10), false);
    jobs =
        new JobRepository(
            jdbc,
            Clock.systemUTC(),
            publisher,
            new JobStatusCache(new StringRedisTemplate(), noRedis),
            batches);
  }

  @AfterEach
  void closeTheNotifier() {
    notifier.close();
  }

  @Test
  void aStreamReceivesAJobsStatusEventsAsPostgresNotifications() {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    List<String> events = watch(job, key);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("status:queued"));

    jobs.transition(
        job,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().increment("attempts").set("worker_id", "w"),
        null);
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("status:running"));
    jobs.transition(
        job,
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobChanges.none().set("result", "{\"text\": \"hi\"}").set("finished_at", Instant.now()),
        null);

    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("done"));
    assertThat(events)
        .containsExactly("status:queued", "status:running", "status:succeeded", "done");
  }

  @Test
  void aStreamReceivesDeltasAsPostgresNotifications() {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    List<String> events = watch(job, key);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("status:queued"));

    publisher.publish(job, new JobEvent.Delta(0, 1, "Hel", 0));
    publisher.publish(job, new JobEvent.Delta(0, 2, "lo", 0));

    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
    assertThat(events).containsExactly("status:queued", "delta", "delta");
  }

  @Test
  void aStreamTellsWorkersOverPostgresThatItsJobIsWatched() {
    List<String> watched = new CopyOnWriteArrayList<>();
    PostgresNotifications workerSide =
        new PostgresNotifications(database, new NotificationsProperties(""));
    workerSide.subscribe(JobEventNotifications.WATCHES, recorder(watched));
    workerSide.start();
    try {
      String key = aTenantKey();
      String job = submitted(key, CHAT).get("id").asString();
      await().atMost(Duration.ofSeconds(10)).until(() -> watched.contains("listening"));

      watch(job, key);

      await().atMost(Duration.ofSeconds(10)).until(() -> watched.contains(job));
    } finally {
      workerSide.stop();
    }
  }

  @Test
  void readinessWithoutRedisLeavesRedisOut() throws Exception {
    HttpResponse<String> readiness =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + replicaPort + "/actuator/health/readiness"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"db\"").doesNotContain("redis");
  }

  private List<String> watch(String job, String key) {
    List<String> events = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> StreamedEvents.read(replicaPort, job, key, events));
    return events;
  }

  private static PostgresNotifications.Subscriber recorder(List<String> seen) {
    return new PostgresNotifications.Subscriber() {
      @Override
      public void listening() {
        seen.add("listening");
      }

      @Override
      public void deaf() {}

      @Override
      public void notified(String payload) {
        seen.add(payload);
      }
    };
  }
}
