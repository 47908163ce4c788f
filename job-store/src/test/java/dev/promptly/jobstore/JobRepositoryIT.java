package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class JobRepositoryIT extends JobStoreIT {
  @Autowired JobRepository repository;

  @Test
  void transitionMovesTheJobAndRecordsTheEvent() {
    String job = jobs().aJob(jobs().aTenant(), "queued");

    boolean moved =
        repository.transition(
            job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), "claimed");

    assertThat(moved).isTrue();
    assertThat(repository.find(job).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(eventsOf(job)).containsExactly("queued->running");
  }

  @Test
  void transitionFailsWhenTheJobIsNoLongerInTheExpectedStatus() {
    String job = jobs().aJob(jobs().aTenant(), "cancelled");

    boolean moved =
        repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);

    assertThat(moved).isFalse();
    assertThat(repository.find(job).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(eventsOf(job)).isEmpty();
  }

  @Test
  void onlyOneOfManyConcurrentClaimsWins() throws Exception {
    String job = jobs().aJob(jobs().aTenant(), "queued");
    int contenders = 12;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Boolean>> claims = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      String worker = "worker-" + i;
      claims.add(
          () -> {
            start.await();
            return repository.transition(
                job,
                JobStatus.QUEUED,
                JobStatus.RUNNING,
                JobChanges.none().set("worker_id", worker).increment("attempts"),
                null);
          });
    }

    List<Boolean> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> futures = claims.stream().map(pool::submit).toList();
      start.countDown();
      for (Future<Boolean> future : futures) {
        outcomes.add(future.get());
      }
    }

    assertThat(outcomes).containsOnlyOnce(true);
    assertThat(repository.find(job).orElseThrow().attempts()).isEqualTo(1);
    assertThat(eventsOf(job)).containsExactly("queued->running");
  }

  @Test
  void illegalTransitionIsRefusedWithoutTouchingTheJob() {
    String job = jobs().aJob(jobs().aTenant(), "queued");

    assertThatThrownBy(
            () ->
                repository.transition(
                    job, JobStatus.QUEUED, JobStatus.SUCCEEDED, JobChanges.none(), null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(repository.find(job).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void workerThatLostItsJobCannotFinishIt() {
    String job = jobs().aJob(jobs().aTenant(), "queued");
    repository.transition(
        job,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().set("worker_id", "new-owner"),
        null);

    boolean finished =
        repository.transition(
            job, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobChanges.none(), null, "old-owner");

    assertThat(finished).isFalse();
    assertThat(repository.find(job).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void changesTravelWithTheTransition() {
    String job = jobs().aJob(jobs().aTenant(), "queued");
    repository.transition(
        job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none().set("worker_id", "w"), null);
    Instant finishedAt = Instant.parse("2026-11-21T10:15:30.123Z");

    repository.transition(
        job,
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobChanges.none()
            .set("result", "{\"text\": \"done\", \"finish_reason\": \"stop\"}")
            .set("prompt_tokens", 12)
            .set("cost_micros", 7L)
            .set("finished_at", finishedAt),
        null,
        "w");

    JobRecord stored = repository.find(job).orElseThrow();
    assertThat(stored.resultJson()).contains("\"text\": \"done\"");
    assertThat(stored.promptTokens()).isEqualTo(12);
    assertThat(stored.costMicros()).isEqualTo(7);
    assertThat(stored.finishedAt()).isEqualTo(finishedAt);
  }

  @Test
  void unknownColumnsCannotBeUpdated() {
    assertThatThrownBy(() -> JobChanges.none().set("status; DROP TABLE jobs", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> eventsOf(String job) {
    return jdbc.sql(
            "SELECT from_status || '->' || to_status FROM job_events WHERE job_id = :id ORDER BY id")
        .param("id", job)
        .query(String.class)
        .list();
  }
}
