package dev.promptly.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits jobs over HTTP from virtual threads, either closed loop ({@code clients} threads, each
 * sending its next job as soon as the last one is answered: the most the API accepts) or open loop
 * (one job every 1/rate seconds whatever the answers, at most {@code clients} waiting at once: a
 * fixed offered load, as for the overhead scenario).
 */
final class LoadGenerator {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI jobsUri;
  private final String apiKey;
  private final JobBodies bodies;
  private final Clock clock;

  LoadGenerator(String apiBaseUrl, String apiKey, JobBodies bodies, Clock clock) {
    this.jobsUri = URI.create(apiBaseUrl + "/v1/jobs");
    this.apiKey = apiKey;
    this.bodies = bodies;
    this.clock = clock;
  }

  /** Closed loop: {@code clients} senders share {@code jobs} submissions. */
  List<Submission> closedLoop(int jobs, int clients) {
    ConcurrentLinkedQueue<Submission> done = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        senders.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                done.add(submit(i));
              }
            });
      }
    }
    return sorted(done);
  }

  /** Open loop: job i is sent at start + i / rate, at most {@code clients} unanswered at once. */
  List<Submission> openLoop(int jobs, double ratePerSecond, int clients) {
    ConcurrentLinkedQueue<Submission> done = new ConcurrentLinkedQueue<>();
    Semaphore outstanding = new Semaphore(clients);
    long start = System.nanoTime();
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < jobs; i++) {
        long due = start + (long) (i * 1_000_000_000L / ratePerSecond);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        outstanding.acquireUninterruptibly();
        int index = i;
        senders.submit(
            () -> {
              try {
                done.add(submit(index));
              } finally {
                outstanding.release();
              }
            });
      }
    }
    return sorted(done);
  }

  private Submission submit(int index) {
    HttpRequest request =
        HttpRequest.newBuilder(jobsUri)
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(bodies.body(index)))
            .build();
    Instant sentAt = clock.instant();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      double millis = (System.nanoTime() - start) / 1e6;
      String id = response.statusCode() == 202 ? JobBodies.jobId(response.body()) : null;
      return new Submission(index, id, response.statusCode(), sentAt, millis);
    } catch (IOException e) {
      return new Submission(index, null, 0, sentAt, (System.nanoTime() - start) / 1e6);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Submission(index, null, 0, sentAt, (System.nanoTime() - start) / 1e6);
    }
  }

  private static List<Submission> sorted(ConcurrentLinkedQueue<Submission> done) {
    List<Submission> list = new ArrayList<>(done);
    list.sort(Comparator.comparingInt(Submission::index));
    return list;
  }
}
