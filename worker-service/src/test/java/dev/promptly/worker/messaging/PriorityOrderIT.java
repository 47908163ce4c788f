package dev.promptly.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.Priority;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Priorities under contention, read from when each attempt started and finished: with more jobs
 * waiting than the worker runs at once (6), every high job starts before any normal one and every
 * normal before any low one, and all six consumers stay busy until the queue is empty.
 */
class PriorityOrderIT extends WorkerIntegrationTest {
  private static final int CONCURRENCY = 6;
  private static final int PER_PRIORITY = 2 * CONCURRENCY;

  @Autowired
  @Qualifier("jobs")
  SimpleMessageListenerContainer consumers;

  @Test
  void higherPrioritiesStartFirstAndNoConsumerIdlesWhileJobsWait() {
    EMULATOR.configure("{\"latency_ms\": 250}");
    // Queued lowest first, so that arrival order alone would run them the wrong way round.
    Map<Priority, List<TestJob>> queued = new EnumMap<>(Priority.class);
    consumers.stop();
    try {
      for (Priority priority : List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
        List<TestJob> jobs = new ArrayList<>();
        for (int i = 0; i < PER_PRIORITY; i++) {
          TestJob job = aQueuedJob().withPriority(priority).insert();
          publish(job);
          jobs.add(job);
        }
        queued.put(priority, jobs);
      }
    } finally {
      consumers.start();
    }

    String[] ids =
        queued.values().stream().flatMap(List::stream).map(TestJob::id).toArray(String[]::new);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> finishedAttempts(ids).size() == 3 * PER_PRIORITY);

    List<Attempt> attempts = finishedAttempts(ids);
    List<Priority> startOrder =
        attempts.stream()
            .sorted(Comparator.comparing(Attempt::startedAt))
            .map(attempt -> priorityOf(attempt.jobId(), queued))
            .toList();
    assertThat(startOrder.subList(0, PER_PRIORITY)).containsOnly(Priority.HIGH);
    assertThat(startOrder.subList(PER_PRIORITY, 2 * PER_PRIORITY)).containsOnly(Priority.NORMAL);
    assertThat(startOrder.subList(2 * PER_PRIORITY, 3 * PER_PRIORITY)).containsOnly(Priority.LOW);
    assertThat(busyConsumersWhileJobsWaited(attempts)).isGreaterThan(0.85 * CONCURRENCY);
  }

  private record Attempt(String jobId, Instant startedAt, Instant finishedAt) {}

  private List<Attempt> finishedAttempts(String[] ids) {
    return jdbc.sql(
            "SELECT job_id, started_at, finished_at FROM job_attempts WHERE job_id = ANY(?) AND"
                + " outcome = 'succeeded'")
        .param(ids)
        .query(
            (row, i) ->
                new Attempt(
                    row.getString("job_id"),
                    row.getTimestamp("started_at").toInstant(),
                    row.getTimestamp("finished_at").toInstant()))
        .list();
  }

  /**
   * The mean number of attempts running from the first start to the last start: as long as a job
   * waited, all consumers should have been running one, less the moment each takes between jobs.
   */
  private static double busyConsumersWhileJobsWaited(List<Attempt> attempts) {
    Instant from = attempts.stream().map(Attempt::startedAt).min(Comparator.naturalOrder()).get();
    Instant to = attempts.stream().map(Attempt::startedAt).max(Comparator.naturalOrder()).get();
    double busyMillis = 0;
    for (Attempt attempt : attempts) {
      Instant start = attempt.startedAt().isBefore(from) ? from : attempt.startedAt();
      Instant end = attempt.finishedAt().isAfter(to) ? to : attempt.finishedAt();
      if (end.isAfter(start)) {
        busyMillis += Duration.between(start, end).toMillis();
      }
    }
    return busyMillis / Duration.between(from, to).toMillis();
  }

  private static Priority priorityOf(String jobId, Map<Priority, List<TestJob>> queued) {
    return queued.entrySet().stream()
        .filter(entry -> entry.getValue().stream().anyMatch(job -> job.id().equals(jobId)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("a job this test did not queue: " + jobId));
  }
}
