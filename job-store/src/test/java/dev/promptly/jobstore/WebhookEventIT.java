package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The webhook event that a terminal transition writes in its own statement. */
class WebhookEventIT extends JobStoreIT {
  private static final String HOOK = "https://hooks.example/promptly";

  @Autowired JobRepository repository;

  @Test
  void terminalTransitionOfAJobWithAWebhookWritesOnePendingEvent() {
    String job = jobs().aJob(jobs().aTenant(), "running", HOOK);

    repository.transition(job, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobChanges.none(), null);

    assertThat(eventsOf(job)).containsExactly("job.succeeded pending " + HOOK);
    String id =
        jdbc.sql("SELECT id FROM webhook_events WHERE job_id = ?")
            .param(job)
            .query(String.class)
            .single();
    assertThat(id).matches("msg_[0-9a-f]{32}");
  }

  @Test
  void eventTypeNamesTheTerminalStatus() {
    String tenant = jobs().aTenant();
    String failed = jobs().aJob(tenant, "running", HOOK);
    String cancelled = jobs().aJob(tenant, "queued", HOOK);

    repository.transition(failed, JobStatus.RUNNING, JobStatus.FAILED, JobChanges.none(), null);
    repository.transition(
        cancelled, JobStatus.QUEUED, JobStatus.CANCELLED, JobChanges.none(), null);

    assertThat(eventsOf(failed)).containsExactly("job.failed pending " + HOOK);
    assertThat(eventsOf(cancelled)).containsExactly("job.cancelled pending " + HOOK);
  }

  @Test
  void jobWithoutAWebhookGetsNoEvent() {
    String job = jobs().aJob(jobs().aTenant(), "running", null);

    boolean moved =
        repository.transition(job, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobChanges.none(), null);

    assertThat(moved).isTrue();
    assertThat(eventsOf(job)).isEmpty();
  }

  @Test
  void nonTerminalTransitionWritesNoEvent() {
    String job = jobs().aJob(jobs().aTenant(), "queued", HOOK);

    repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);

    assertThat(eventsOf(job)).isEmpty();
  }

  @Test
  void transitionThatLosesItsCompareAndSetWritesNoEvent() {
    String job = jobs().aJob(jobs().aTenant(), "cancelled", HOOK);

    boolean moved =
        repository.transition(job, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobChanges.none(), null);

    assertThat(moved).isFalse();
    assertThat(eventsOf(job)).isEmpty();
  }

  @Test
  void racingTerminalTransitionsWriteExactlyOneEvent() throws Exception {
    String job = jobs().aJob(jobs().aTenant(), "running", HOOK);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Boolean>> contenders = new ArrayList<>();
    for (JobStatus end : List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)) {
      for (int i = 0; i < 4; i++) {
        contenders.add(
            () -> {
              start.await();
              return repository.transition(job, JobStatus.RUNNING, end, JobChanges.none(), null);
            });
      }
    }

    List<Boolean> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> futures = contenders.stream().map(pool::submit).toList();
      start.countDown();
      for (Future<Boolean> future : futures) {
        outcomes.add(future.get());
      }
    }

    assertThat(outcomes).containsOnlyOnce(true);
    String status = repository.find(job).orElseThrow().status().wireName();
    assertThat(eventsOf(job)).containsExactly("job." + status + " pending " + HOOK);
  }

  private List<String> eventsOf(String job) {
    return jdbc.sql(
            "SELECT type || ' ' || status || ' ' || url FROM webhook_events WHERE job_id = :id")
        .param("id", job)
        .query(String.class)
        .list();
  }
}
