package dev.promptly.api.events;

import static dev.promptly.api.events.JobEventStreamIT.PATIENCE;
import static dev.promptly.api.events.JobEventStreamIT.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.SecondApiInstance;
import dev.promptly.api.events.SseClient.Event;
import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A job submitted to one API instance and streamed from another: events travel through Redis and
 * Postgres, never through the memory of the instance that took the submission.
 */
class SecondReplicaEventsIT extends ApiIntegrationTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static SecondApiInstance replica;
  private static int replicaPort;

  @Autowired JobRepository repository;
  @Autowired JobEventPublisher publisher;

  @BeforeAll
  static void startASecondReplica() {
    replica = SecondApiInstance.start(Map.of("promptly.events.heartbeat", "1s"));
    replicaPort = replica.port();
  }

  @AfterAll
  static void stopTheSecondReplica() {
    replica.close();
  }

  @Test
  void anInstanceThatDidNotTakeTheSubmissionStreamsTheJob() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();

    try (SseClient stream = SseClient.open(HTTP, replicaPort, "/v1/jobs/" + job + "/events", key)) {
      assertStatus(stream.nextEvent(PATIENCE), "queued");
      repository.transition(
          job,
          JobStatus.QUEUED,
          JobStatus.RUNNING,
          JobChanges.none().increment("attempts").set("worker_id", "elsewhere"),
          null);
      assertStatus(stream.nextEvent(PATIENCE), "running");
      publisher.publish(job, new JobEvent.Delta(1, 1, "Hello", 0));
      publisher.publish(job, new JobEvent.Delta(1, 2, ", world", 0));
      repository.transition(
          job,
          JobStatus.RUNNING,
          JobStatus.SUCCEEDED,
          JobChanges.none()
              .set("result", "{\"text\": \"Hello, world\"}")
              .set("finished_at", Instant.now()),
          null);

      List<Event> rest = stream.untilEnd(PATIENCE);

      assertThat(rest).extracting(Event::name).containsExactly("delta", "delta", "status", "done");
      assertThat(rest.get(0).json().get("text").asString()).isEqualTo("Hello");
      assertThat(rest.get(1).json().get("text").asString()).isEqualTo(", world");
      assertStatus(rest.get(2), "succeeded");
    }
  }
}
