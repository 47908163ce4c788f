package dev.promptly.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A steady stream of job submissions: one every {@code period}, each on its own virtual thread so
 * that a slow answer (a database outage) never slows the stream down. Every 202 goes into the
 * ledger; every 503 is counted; anything else is a violation of the API's outage contract.
 */
final class SubmitLoad implements AutoCloseable {
  private final PromptlyClient client;
  private final ChaosLedger ledger;
  private final IntFunction<Map<String, Object>> jobs;
  private final int limit;
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final Queue<String> violations = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();

  private SubmitLoad(
      PromptlyClient client,
      ChaosLedger ledger,
      IntFunction<Map<String, Object>> jobs,
      Duration period,
      int limit) {
    this.client = client;
    this.ledger = ledger;
    this.jobs = jobs;
    this.limit = limit;
    pacer.scheduleAtFixedRate(this::submitNext, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts submitting {@code jobs.apply(n)} for n = 0, 1, … every {@code period}, at most {@code
   * limit} jobs.
   */
  static SubmitLoad start(
      PromptlyClient client,
      ChaosLedger ledger,
      IntFunction<Map<String, Object>> jobs,
      Duration period,
      int limit) {
    return new SubmitLoad(client, ledger, jobs, period, limit);
  }

  /** Whether all {@code limit} jobs were submitted (their answers may still be on the way). */
  boolean isFinished() {
    return pacer.isShutdown();
  }

  /** How many requests were answered 503 (with a Retry-After) so far. */
  int unavailable() {
    return unavailable.get();
  }

  /** Answers that break the contract: 5xx other than 503, a 503 without Retry-After, no answer. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** Waits until all {@code limit} jobs were submitted and answered. */
  void finish(Duration timeout) {
    try {
      if (!pacer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the submissions did not end within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    requests.close();
  }

  /** Stops submitting and waits for the requests in flight to be answered. */
  @Override
  public void close() {
    pacer.shutdownNow();
    requests.close();
  }

  private void submitNext() {
    int n = submitted.getAndIncrement();
    if (n >= limit) {
      pacer.shutdown();
      return;
    }
    requests.submit(() -> submit(jobs.apply(n)));
  }

  private void submit(Map<String, Object> job) {
    PromptlyClient.Response response;
    try {
      response = client.post("/v1/jobs", job);
    } catch (IllegalStateException e) {
      violations.add("no answer: " + e.getCause());
      return;
    }
    switch (response.status()) {
      case 202 -> ledger.accept(response.body().get("id").asString());
      case 503 -> {
        unavailable.incrementAndGet();
        if (response.header("Retry-After").isEmpty()) {
          violations.add("503 without Retry-After: " + response);
        }
      }
      default -> violations.add(response.toString());
    }
  }
}
