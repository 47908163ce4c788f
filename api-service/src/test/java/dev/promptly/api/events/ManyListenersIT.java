package dev.promptly.api.events;

import static dev.promptly.api.events.JobEventStreamIT.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.events.SseClient.Event;
import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many concurrent streams on one instance: every client gets its events to the end, the platform
 * thread count barely moves (streams wait on virtual threads), and the gauge returns to where it
 * was. {@code -Dpromptly.sse.listeners=1000} for the full run; CI uses fewer on a small machine.
 */
class ManyListenersIT extends ApiIntegrationTest {
  private static final int LISTENERS = Integer.getInteger("promptly.sse.listeners", 300);
  private static final int JOBS = 10;
  private static final int DELTAS = 5;

  @Autowired JobRepository repository;
  @Autowired JobEventPublisher publisher;
  @Autowired MeterRegistry meters;

  @Test
  void everyOneOfManyListenersGetsItsJobsEventsToTheEndWithoutAThreadEach() throws Exception {
    String key = aKeyOf(aTenantIdLimitedTo(1_000_000));
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      jobs.add(submitted(key, CHAT).get("id").asString());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Streams whose clients left in earlier tests close at their next heartbeat.
    await().atMost(PATIENCE).until(() -> openStreams() == 0);
    double openBefore = 0;
    int threadsBefore = threads.getThreadCount();
    long started = System.nanoTime();

    List<SseClient> clients = new ArrayList<>();
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      HttpClient http =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(virtual).build();
      Semaphore connecting = new Semaphore(16);
      List<Future<SseClient>> opening = new ArrayList<>();
      for (int i = 0; i < LISTENERS; i++) {
        String job = jobs.get(i % JOBS);
        opening.add(
            virtual.submit(
                () -> {
                  connecting.acquire();
                  try {
                    SseClient client =
                        SseClient.open(http, port, "/v1/jobs/" + job + "/events", key);
                    JobEventStreamIT.assertStatus(client.nextEvent(PATIENCE), "queued");
                    return client;
                  } finally {
                    connecting.release();
                  }
                }));
      }
      for (Future<SseClient> future : opening) {
        clients.add(future.get());
      }
      await().atMost(PATIENCE).until(() -> openStreams() == openBefore + LISTENERS);
      int threadsOpen = threads.getThreadCount();
      long connected = System.nanoTime();

      for (String job : jobs) {
        repository.transition(
            job,
            JobStatus.QUEUED,
            JobStatus.RUNNING,
            JobChanges.none().increment("attempts").set("worker_id", "w"),
            null);
        for (int seq = 1; seq <= DELTAS; seq++) {
          publisher.publish(job, new JobEvent.Delta(1, seq, "d" + seq, 0));
        }
        repository.transition(
            job,
            JobStatus.RUNNING,
            JobStatus.SUCCEEDED,
            JobChanges.none()
                .set("result", "{\"text\": \"d1d2d3d4d5\"}")
                .set("finished_at", Instant.now()),
            null);
      }
      List<Future<List<String>>> reading = new ArrayList<>();
      for (SseClient client : clients) {
        reading.add(virtual.submit(() -> names(client.untilEnd(PATIENCE))));
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < DELTAS; i++) {
        expected.add("delta");
      }
      expected.addAll(List.of("status", "done"));
      for (Future<List<String>> events : reading) {
        // The running status is skipped by a stream that reads the job only once it finished.
        List<String> names = events.get();
        assertThat(names.subList(names.size() - expected.size(), names.size())).isEqualTo(expected);
        assertThat(names.subList(0, names.size() - expected.size()))
            .isIn(List.of(), List.of("status"));
      }
      long finished = System.nanoTime();
      await().atMost(PATIENCE).until(() -> openStreams() == openBefore);
      System.out.printf(
          "%d SSE listeners on one instance: connected in %d ms, all done %d ms later;"
              + " platform threads before=%d with all open=%d (+%d); listeners gauge back to %.0f%n",
          LISTENERS,
          (connected - started) / 1_000_000,
          (finished - connected) / 1_000_000,
          threadsBefore,
          threadsOpen,
          threadsOpen - threadsBefore,
          openStreams());
      assertThat(threadsOpen - threadsBefore).isLessThan(LISTENERS / 10 + 20);
    } finally {
      clients.forEach(SseClient::close);
    }
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private double openStreams() {
    return meters.get("promptly.sse.listeners").gauge().value();
  }
}
