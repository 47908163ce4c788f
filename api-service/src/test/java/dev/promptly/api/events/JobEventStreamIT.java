package dev.promptly.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.events.SseClient.Event;
import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code GET /v1/jobs/{id}/events} against real Postgres and Redis; the test plays the worker,
 * moving jobs through {@link JobRepository#transition} and publishing deltas on the job's channel.
 */
class JobEventStreamIT extends ApiIntegrationTest {
  static final Duration PATIENCE = Duration.ofSeconds(10);
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Autowired JobRepository repository;
  @Autowired JobEventPublisher publisher;
  @Autowired JobEventChannels channels;
  @Autowired StringRedisTemplate redis;
  @Autowired MeterRegistry meters;

  @Test
  void statusesAndDeltasArriveInOrderAndDoneEndsTheStream() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(stream.headers().firstValue("Cache-Control")).contains("no-cache");
      assertThat(stream.headers().firstValue("X-Accel-Buffering")).contains("no");
      assertThat(stream.headers().firstValue("X-Request-Id")).isPresent();
      assertStatus(stream.nextEvent(PATIENCE), "queued");

      claim(job);
      assertStatus(stream.nextEvent(PATIENCE), "running");
      List<String> pieces = new ArrayList<>();
      List<Long> latencies = new ArrayList<>();
      for (int seq = 1; seq <= 40; seq++) {
        String piece = "piece " + seq + " ";
        pieces.add(piece);
        Instant published = Instant.now();
        publisher.publish(job, new JobEvent.Delta(1, seq, piece, micros(published)));
        if (seq == 20) {
          // A duplicate and a straggler: both dropped.
          publisher.publish(job, new JobEvent.Delta(1, 20, "duplicate", micros(published)));
          publisher.publish(job, new JobEvent.Delta(1, 3, "straggler", micros(published)));
        }
        Event delta = stream.nextEvent(PATIENCE);
        latencies.add(Duration.between(published, delta.receivedAt()).toNanos() / 1_000);
        assertThat(delta.name()).isEqualTo("delta");
        assertThat(delta.json().get("text").asString()).isEqualTo(piece);
      }
      succeed(job, String.join("", pieces));

      Event status = stream.nextEvent(PATIENCE);
      assertStatus(status, "succeeded");
      Event done = stream.nextEvent(PATIENCE);
      assertThat(done.name()).isEqualTo("done");
      assertThat(done.json().get("result").get("text").asString())
          .isEqualTo(String.join("", pieces));
      assertThat(stream.nextEvent(PATIENCE)).isEqualTo(SseClient.END);
      printLatencies("api IT, test publisher -> SSE client", latencies);
    }
  }

  @Test
  void lateListenerOfARunningJobFirstGetsItsCurrentState() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    claim(job);

    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      Event first = stream.nextEvent(PATIENCE);

      assertStatus(first, "running");
      assertThat(first.json().get("attempts").asInt()).isEqualTo(1);
    }
  }

  @Test
  void lateListenerOfAFinishedJobGetsItsStateAndDoneAtOnce() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    claim(job);
    succeed(job, "All done.");

    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      List<Event> events = stream.untilEnd(PATIENCE);

      assertThat(events).extracting(Event::name).containsExactly("status", "done");
      assertStatus(events.getFirst(), "succeeded");
      assertThat(events.getLast().json().get("result").get("text").asString())
          .isEqualTo("All done.");
    }
  }

  @Test
  void aFinishWhoseMessageWasLostIsSeenByTheHeartbeatsReread() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    claim(job);
    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      assertStatus(stream.nextEvent(PATIENCE), "running");

      // Behind the repository's back: no message is published, as if Redis had dropped it.
      jdbc.sql("UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE id = :id")
          .param("id", job)
          .update();

      assertThat(stream.untilEnd(PATIENCE))
          .extracting(Event::name)
          .containsExactly("status", "done");
    }
  }

  @Test
  void deltasOfANewAttemptStartAfreshAndLateOnesOfTheOldAttemptAreDropped() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    claim(job);
    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      assertStatus(stream.nextEvent(PATIENCE), "running");
      publisher.publish(job, new JobEvent.Delta(1, 100, "first try", 0));
      assertThat(stream.nextEvent(PATIENCE).json().get("text").asString()).isEqualTo("first try");

      repository.transition(
          job, JobStatus.RUNNING, JobStatus.RETRY_SCHEDULED, JobChanges.none(), null);
      assertStatus(stream.nextEvent(PATIENCE), "retry_scheduled");
      claim(job);
      assertStatus(stream.nextEvent(PATIENCE), "running");
      publisher.publish(job, new JobEvent.Delta(1, 101, "late", 0));
      publisher.publish(job, new JobEvent.Delta(2, 1, "second try", 0));

      Event delta = stream.nextEvent(PATIENCE);
      assertThat(delta.json().get("text").asString()).isEqualTo("second try");
    }
  }

  @Test
  void anotherTenantsJobIsNotFoundBeforeAnyStreamStarts() throws Exception {
    String job = submitted(aTenantKey(), CHAT).get("id").asString();

    try (SseClient stream =
        SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", aTenantKey())) {
      assertThat(stream.status()).isEqualTo(404);
      assertThat(stream.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(stream.errorBody()).contains("\"code\":\"not_found\"");
    }
  }

  @Test
  void unknownOrMalformedJobIsNotFoundAndAMissingKeyIsUnauthorized() {
    String key = aTenantKey();

    assertThat(
            SseClient.open(HTTP, port, "/v1/jobs/job_0000000000000000000000000000/events", key)
                .status())
        .isEqualTo(404);
    assertThat(SseClient.open(HTTP, port, "/v1/jobs/nope/events", key).status()).isEqualTo(404);
    assertThat(
            SseClient.open(HTTP, port, "/v1/jobs/job_0000000000000000000000000000/events", null)
                .status())
        .isEqualTo(401);
  }

  @Test
  void aStreamIsAuthenticatedAndRateLimitedOnceForItsWholeLife() throws Exception {
    // Six a minute: a token comes back only every ten seconds.
    String key = aKeyOf(aTenantIdLimitedTo(6, 6));
    String job = submitted(key, CHAT).get("id").asString();
    claim(job);
    succeed(job, "Done.");
    int afterStream;
    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      afterStream =
          Integer.parseInt(stream.headers().firstValue("RateLimit-Remaining").orElseThrow());
      assertThat(stream.untilEnd(PATIENCE)).hasSize(2);
    }

    int afterGet = Integer.parseInt(api.get("/v1/jobs/" + job, key).header("RateLimit-Remaining"));

    // The stream's completion (an async dispatch through the interceptors) cost nothing more.
    assertThat(afterGet).isBetween(afterStream - 1, afterStream);
  }

  @Test
  void idleStreamGetsHeartbeatComments() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      assertStatus(stream.next(PATIENCE), "queued");

      Event heartbeat = stream.next(PATIENCE);

      assertThat(heartbeat.name()).isEqualTo(":");
      assertThat(heartbeat.data()).isEqualTo("ping");
    }
  }

  @Test
  void disconnectedClientFreesItsStream() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    // The gauge counts every stream of this context: earlier tests' closed clients are noticed at
    // their stream's next heartbeat, so wait for them to be gone before counting ours.
    await().atMost(PATIENCE).until(() -> openStreams() == 0);
    SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key);
    assertStatus(stream.nextEvent(PATIENCE), "queued");
    assertThat(openStreams()).isEqualTo(1);

    stream.close();

    await().atMost(PATIENCE).until(() -> openStreams() == 0);
  }

  @Test
  void aWatchedJobIsMarkedForWorkersWhileSomeoneListens() throws Exception {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    assertThat(redis.hasKey(channels.watchKeyOf(job))).isFalse();

    try (SseClient stream = SseClient.open(HTTP, port, "/v1/jobs/" + job + "/events", key)) {
      assertStatus(stream.nextEvent(PATIENCE), "queued");

      assertThat(redis.hasKey(channels.watchKeyOf(job))).isTrue();
      // Outlives its 3 s time to live: refreshed while the listener is connected.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(6))
          .until(() -> redis.hasKey(channels.watchKeyOf(job)));
    }
  }

  @Test
  void aClientThatOnlyTakesJsonIsToldTheRouteSpeaksEventStream() {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();

    SseClient refused =
        SseClient.open(
            HTTP, port, "/v1/jobs/" + job + "/events", key, Map.of("Accept", "application/json"));

    assertThat(refused.status()).isEqualTo(406);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  void claim(String job) {
    JobStatus from = repository.find(job).orElseThrow().status();
    assertThat(
            repository.transition(
                job,
                from,
                JobStatus.RUNNING,
                JobChanges.none().increment("attempts").set("worker_id", "test-worker"),
                "claimed by the test"))
        .isTrue();
  }

  void succeed(String job, String text) {
    assertThat(
            repository.transition(
                job,
                JobStatus.RUNNING,
                JobStatus.SUCCEEDED,
                JobChanges.none()
                    .set("result", "{\"text\": \"" + text + "\", \"finish_reason\": \"stop\"}")
                    .set("finished_at", Instant.now()),
                "done"))
        .isTrue();
  }

  static void assertStatus(Event event, String status) {
    assertThat(event.name()).isEqualTo("status");
    assertThat(event.json().get("status").asString()).isEqualTo(status);
  }

  double openStreams() {
    return meters.get("promptly.sse.listeners").gauge().value();
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  static void printLatencies(String what, List<Long> micros) {
    List<Long> sorted = micros.stream().sorted().toList();
    System.out.printf(
        "delta latency (%s): n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
        what,
        sorted.size(),
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
        sorted.getLast() / 1000.0);
  }
}
