package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code on_budget_exhausted: wait}: a job over its tenant's budget stays queued with {@code
 * waiting_for: budget}, uses no attempt and holds no message, and runs as soon as the budget is
 * raised (the raise notifies every worker) or its period rolls over (the sweep).
 */
class BudgetWaitIT extends WorkerIntegrationTest {
  // The metered model bills a micro-dollar per answer token: a call reserves max_tokens micros.
  private static final ChatInput FIVE_TOKENS =
      new ChatInput(List.of(new ChatMessage(ChatRole.USER, "Budgets, please.")), 0.0, 5);

  @Autowired BudgetWaits waits;

  @Test
  void aJobOverItsBudgetWaitsWithoutAnAttemptAndSucceedsOnceTheBudgetIsRaised() {
    LIMITED_EMULATOR.reset();
    TestJob job = aWaitingJob();
    setBudget(job.tenantId(), "daily", 2);

    publish(job);

    await().atMost(Duration.ofSeconds(10)).until(() -> waitingFor(job) == WaitingFor.BUDGET);
    JobRecord waiting = job(job);
    assertThat(waiting.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(waiting.attempts()).isZero();
    assertThat(waiting.errorCode()).isNull();
    assertThat(LIMITED_EMULATOR.requests()).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM job_dispatches WHERE job_id = ? AND sent_at IS NULL",
                job.id()))
        .isZero();

    jdbc.sql("UPDATE tenant_budgets SET limit_micros = 1000 WHERE tenant_id = ?")
        .param(job.tenantId())
        .update();

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.waitingFor()).isNull();
    assertThat(LIMITED_EMULATOR.requests()).isEqualTo(1);
  }

  @Test
  void theSweepLetsGoOnlyJobsWhoseWaitBeganInAnEarlierPeriod() {
    TestJob yesterdays = aWaitingJob();
    TestJob todays = aWaitingJob();
    setBudget(yesterdays.tenantId(), "daily", 2);
    setBudget(todays.tenantId(), "daily", 2);
    publish(yesterdays);
    publish(todays);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                waitingFor(yesterdays) == WaitingFor.BUDGET
                    && waitingFor(todays) == WaitingFor.BUDGET);
    // Its daily budget's period has rolled over since it began to wait.
    jdbc.sql("UPDATE jobs SET updated_at = now() - interval '2 days' WHERE id = ?")
        .param(yesterdays.id())
        .update();
    long dispatchesBefore = dispatchesOf(yesterdays);

    waits.sweep();

    // Let go: it got a message, and as today's budget is as small, it waits again, from now on.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dispatchesOf(yesterdays) == dispatchesBefore + 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                waitingFor(yesterdays) == WaitingFor.BUDGET
                    && job(yesterdays).updatedAt().isAfter(clock.instant().minusSeconds(60)));
    assertThat(dispatchesOf(todays)).as("published by the test, never let go").isZero();
    assertThat(job(yesterdays).attempts()).isZero();
  }

  private long dispatchesOf(TestJob job) {
    return count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id());
  }

  @Test
  void aJobThatFailsOnItsBudgetByDefaultStillFails() {
    TestJob job =
        aQueuedJob().withInput(FIVE_TOKENS).withModel("metered", "metered-model").insert();
    setBudget(job.tenantId(), "daily", 2);

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("budget_exceeded");
    assertThat(failed.waitingFor()).isNull();
  }

  private TestJob aWaitingJob() {
    return aQueuedJob()
        .withInput(FIVE_TOKENS)
        .withModel("metered", "metered-model")
        .waitingForBudgetWhenExhausted()
        .insert();
  }

  private WaitingFor waitingFor(TestJob job) {
    return job(job).waitingFor();
  }
}
