package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CircuitBreakerIT extends WorkerIntegrationTest {
  private static final double CLOSED = 0;
  private static final double OPEN = 1;

  @Test
  void openCircuitHoldsJobsBackWithoutCallsOrAttemptsUntilTheProviderRecovers() {
    EMULATOR.configure("{\"outage\": true}");
    List<TestJob> failing =
        IntStream.range(0, 4).mapToObj(i -> aQueuedJob().withMaxAttempts(5).insert()).toList();
    failing.forEach(this::publish);
    failing.forEach(job -> awaitStatus(job, JobStatus.RETRY_SCHEDULED));
    await().atMost(Duration.ofSeconds(5)).until(this::circuitState, state -> state == OPEN);
    long callsWhenOpened = EMULATOR.requests();
    double delayedBefore = messagesSettledAs("delayed");
    TestJob queued = aQueuedJob().insert();
    TestJob retrying =
        failing.stream().filter(job -> job(job).attempts() == 1).findFirst().orElseThrow();

    publish(queued);
    publisher.publish("normal", retrying.message(2));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> messagesSettledAs("delayed") >= delayedBefore + 2);
    assertThat(EMULATOR.requests()).isEqualTo(callsWhenOpened);
    JobRecord heldBack = job(queued);
    assertThat(heldBack.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(heldBack.attempts()).isZero();
    assertThat(heldBack.waitingFor()).isEqualTo(WaitingFor.PROVIDER_CIRCUIT);
    assertThat(job(retrying).status()).isEqualTo(JobStatus.RETRY_SCHEDULED);
    assertThat(job(retrying).waitingFor()).isEqualTo(WaitingFor.PROVIDER_CIRCUIT);
    assertThat(job(retrying).attempts()).isEqualTo(1);
    assertThat(soonDueDispatches(queued, 1)).isEqualTo(1);
    assertThat(soonDueDispatches(retrying, 2)).isEqualTo(1);

    EMULATOR.configure("{\"outage\": false}");

    assertThat(awaitStatus(queued, JobStatus.SUCCEEDED).attempts()).isEqualTo(1);
    assertThat(job(queued).waitingFor()).isNull();
    assertThat(awaitStatus(retrying, JobStatus.SUCCEEDED).attempts()).isEqualTo(2);
    jdbc.sql(
            "UPDATE job_dispatches SET not_before = now(), created_at = now() - interval '1 minute'"
                + " WHERE sent_at IS NULL AND job_id IN (?, ?, ?, ?)")
        .params(failing.stream().map(TestJob::id).toArray())
        .update();
    failing.forEach(job -> awaitStatus(job, JobStatus.SUCCEEDED));
    await().atMost(Duration.ofSeconds(5)).until(this::circuitState, state -> state == CLOSED);
  }

  @Test
  void theFailureThatOpensTheCircuitGivesItsAttemptBack() {
    EMULATOR.configure("{\"outage\": true}");
    List<TestJob> failing =
        IntStream.range(0, 4).mapToObj(i -> aQueuedJob().withMaxAttempts(5).insert()).toList();

    failing.forEach(this::publish);
    failing.forEach(job -> awaitStatus(job, JobStatus.RETRY_SCHEDULED));
    await().atMost(Duration.ofSeconds(5)).until(this::circuitState, state -> state == OPEN);

    List<TestJob> givenBack = failing.stream().filter(job -> job(job).attempts() == 0).toList();
    assertThat(givenBack).as("jobs whose failure opened the circuit").isNotEmpty();
    for (TestJob job : givenBack) {
      assertThat(job(job).waitingFor()).isEqualTo(WaitingFor.PROVIDER_CIRCUIT);
      assertThat(soonDueDispatches(job, 1)).isEqualTo(1);
      assertThat(count("SELECT count(*) FROM job_attempts WHERE job_id = ?", job.id())).isZero();
    }
    EMULATOR.configure("{\"outage\": false}");
    jdbc.sql(
            "UPDATE job_dispatches SET not_before = now(), created_at = now() - interval '1 minute'"
                + " WHERE sent_at IS NULL AND job_id IN (?, ?, ?, ?)")
        .params(failing.stream().map(TestJob::id).toArray())
        .update();
    for (TestJob job : givenBack) {
      assertThat(awaitStatus(job, JobStatus.SUCCEEDED).attempts()).isEqualTo(1);
    }
  }

  /** Unsent dispatches of this attempt due within the open wait (not the 1 h retry backoff). */
  private long soonDueDispatches(TestJob job, int attempt) {
    return count(
        "SELECT count(*) FROM job_dispatches WHERE job_id = ? AND attempt = ? AND sent_at IS NULL"
            + " AND not_before > now() AND not_before < now() + interval '1 minute'",
        job.id(),
        attempt);
  }

  private double circuitState() {
    // Several providers run in the test context: read the default one's gauge.
    return meters
        .get("promptly.worker.circuit.state")
        .tag("provider", ProviderCircuits.nameOf(EMULATOR.baseUrl()))
        .gauge()
        .value();
  }
}
