package dev.promptly.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class LeaseIT extends WorkerIntegrationTest {
  private static final String GHOST = "ghost-1-dead00";

  @Autowired JobRunner runner;

  @Test
  void jobWhoseWorkerVanishedIsTakenOverOnceItsLeaseHasExpired() {
    TestJob job = aQueuedJob().heldBy(GHOST, clock.instant().minus(Duration.ofMinutes(1))).insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.workerId()).isNotEqualTo(GHOST);
    List<String> transitions =
        jdbc.sql(
                "SELECT from_status || '>' || to_status FROM job_events WHERE job_id = ? ORDER BY id")
            .param(job.id())
            .query(String.class)
            .list();
    assertThat(transitions)
        .containsExactly("running>queued", "queued>running", "running>succeeded");
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }

  @Test
  void redeliveredMessageOfAJobStillLeasedIsLookedAtAgainWhenTheLeaseEnds() {
    Instant leaseEnd = clock.instant().plus(Duration.ofMinutes(10));
    TestJob job = aQueuedJob().heldBy(GHOST, leaseEnd).insert();

    RunOutcome outcome = runner.run(job.message(), true);

    assertThat(outcome).isEqualTo(RunOutcome.DUPLICATE);
    OffsetDateTime notBefore =
        jdbc.sql("SELECT not_before FROM job_dispatches WHERE job_id = ? AND sent_at IS NULL")
            .param(job.id())
            .query(OffsetDateTime.class)
            .single();
    assertThat(notBefore.toInstant()).isAfter(leaseEnd);
    assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void duplicateMessageOfAJobStillLeasedIsDroppedWithoutFollowUp() {
    TestJob job = aQueuedJob().heldBy(GHOST, clock.instant().plus(Duration.ofMinutes(10))).insert();

    RunOutcome outcome = runner.run(job.message(), false);

    assertThat(outcome).isEqualTo(RunOutcome.DUPLICATE);
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id())).isZero();
    assertThat(EMULATOR.requests()).isZero();
  }
}
