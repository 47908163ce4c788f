package dev.promptly.worker.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.claims.JobRunner;
import dev.promptly.worker.claims.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class LeaseIT extends WorkerIntegrationTest {
  private static final String GHOST = "ghost-1-dead00";

  @Autowired JobRunner runner;

  @Test
  void reaperQueuesAgainAJobWhoseWorkerStoppedRenewingItsLease() {
    TestJob job = aQueuedJob().heldBy(GHOST, clock.instant().minusSeconds(1)).insert();

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);

    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.workerId()).isNotEqualTo(GHOST);
    assertThat(transitionsOf(job))
        .containsExactly("running>queued", "queued>running", "running>succeeded");
    assertThat(outcomesOf(job)).containsExactly("abandoned", "succeeded");
    // The dispatch is marked sent off the publishing thread, so it may trail the job's success.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                count(
                    "SELECT count(*) FROM job_dispatches WHERE job_id = ? AND attempt = 2 AND sent_at IS NOT NULL",
                    job.id()),
            n -> n == 1);
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }

  @Test
  void reaperFailsAJobWithNoAttemptLeftAndRecordsADeadLetter() {
    TestJob job =
        aQueuedJob().withMaxAttempts(1).heldBy(GHOST, clock.instant().minusSeconds(1)).insert();

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);

    assertThat(failed.errorCode()).isEqualTo("attempts_exhausted");
    assertThat(failed.errorMessage()).contains("gave up after 1 attempt");
    assertThat(failed.finishedAt()).isNotNull();
    assertThat(outcomesOf(job)).containsExactly("abandoned");
    assertThat(
            count(
                "SELECT count(*) FROM dead_letters WHERE job_id = ? AND error_code = 'attempts_exhausted' AND attempts = 1",
                job.id()))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id())).isZero();
    assertThat(EMULATOR.requests()).isZero();
  }

  @Test
  void heartbeatKeepsTheLeaseOfACallLongerThanTheLeaseSoTheJobIsNotReaped() {
    EMULATOR.configure("{\"latency_ms\": 4000}");
    TestJob job = aQueuedJob().insert();

    publish(job);
    Instant firstLease = awaitStatus(job, JobStatus.RUNNING).leaseExpiresAt();

    await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> job(job).leaseExpiresAt(), lease -> lease != null && lease.isAfter(firstLease));
    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(transitionsOf(job)).containsExactly("queued>running", "running>succeeded");
    assertThat(outcomesOf(job)).containsExactly("succeeded");
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }

  @Test
  void duplicateMessageOfAJobStillLeasedIsDroppedWithoutFollowUp() {
    TestJob job = aQueuedJob().heldBy(GHOST, clock.instant().plus(Duration.ofMinutes(10))).insert();

    RunOutcome outcome = runner.run(job.message());

    assertThat(outcome).isEqualTo(RunOutcome.DUPLICATE);
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id())).isZero();
    assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(EMULATOR.requests()).isZero();
  }

  private List<String> transitionsOf(TestJob job) {
    return jdbc.sql(
            "SELECT from_status || '>' || to_status FROM job_events WHERE job_id = ? ORDER BY id")
        .param(job.id())
        .query(String.class)
        .list();
  }

  private List<String> outcomesOf(TestJob job) {
    return jdbc.sql("SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY attempt")
        .param(job.id())
        .query(String.class)
        .list();
  }
}
