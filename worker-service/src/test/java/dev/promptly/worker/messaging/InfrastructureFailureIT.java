package dev.promptly.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfrastructureFailureIT extends WorkerIntegrationTest {

  @Test
  void databaseFailureHandsTheMessageBackLaterWithoutSpinningAndTheJobStillRuns() {
    TestJob job = aQueuedJob().insert();
    double requeuedBefore = messagesSettledAs("requeued");
    // Claiming writes job_attempts in the claim's transaction: without the table, it rolls back.
    jdbc.sql("ALTER TABLE job_attempts RENAME TO job_attempts_away").update();
    try {
      publish(job);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> messagesSettledAs("requeued") > requeuedBefore);
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> messagesSettledAs("requeued") - requeuedBefore <= 2);
      JobRecord untouched = jobs.find(job.id()).orElseThrow();
      assertThat(untouched.status()).isEqualTo(JobStatus.QUEUED);
      assertThat(untouched.attempts()).isZero();
      assertThat(EMULATOR.requests()).isZero();
    } finally {
      jdbc.sql("ALTER TABLE job_attempts_away RENAME TO job_attempts").update();
    }

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }
}
