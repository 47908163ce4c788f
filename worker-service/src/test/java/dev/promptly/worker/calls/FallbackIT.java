package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code primary} falls back to {@code backup}, which another provider (emulator) serves. */
class FallbackIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void outageOnTheLastAttemptRunsTheJobOnTheFallbackAndRecordsWhichModelServedIt() {
    EMULATOR.configure("{\"outage\": true}");
    TestJob job = aQueuedJob().withModel("primary", "primary-model").withMaxAttempts(1).insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    assertThat(result.get("model").asString()).isEqualTo("backup-model");
    assertThat(done.model()).isEqualTo("backup-model");
    assertThat(done.modelAlias()).isEqualTo("primary");
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(EMULATOR.refused("outage")).isEqualTo(1);
    assertThat(BACKUP_EMULATOR.answered()).isEqualTo(1);
    // Priced at backup's rates ($1 and $2 per million tokens), in the ledger under backup's name.
    long expected =
        Math.ceilDiv(done.promptTokens() * 1_000_000L, 1_000_000L)
            + Math.ceilDiv(done.completionTokens() * 2_000_000L, 1_000_000L);
    assertThat(done.costMicros()).isEqualTo(expected);
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND model = 'backup-model'"
                    + " AND cost_micros = ?",
                job.id(),
                expected))
        .isEqualTo(1);
    assertThat(events(job))
        .anyMatch(
            event ->
                event.startsWith("running>running: last attempt failed (provider returned 503")
                    && event.endsWith("falling back to backup (backup-model)"));
  }

  @Test
  void retryableFailureWithAttemptsLeftIsRetriedOnTheJobsOwnModel() {
    EMULATOR.configure("{\"outage\": true}");
    TestJob job = aQueuedJob().withModel("primary", "primary-model").withMaxAttempts(3).insert();

    publish(job);

    JobRecord waiting = awaitStatus(job, JobStatus.RETRY_SCHEDULED);
    assertThat(waiting.model()).isEqualTo("primary-model");
    assertThat(BACKUP_EMULATOR.requests()).isZero();
  }

  @Test
  void openCircuitOfThePrimaryRunsTheJobOnTheFallbackAtOnce() {
    circuitOf(EMULATOR.baseUrl()).transitionToOpenState();
    TestJob job =
        aQueuedJob()
            .withModel("primary", "primary-model")
            .withKind(JobKind.CHAT)
            .withMaxAttempts(3)
            .insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.model()).isEqualTo("backup-model");
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(EMULATOR.requests()).isZero();
    assertThat(events(job))
        .anyMatch(event -> event.endsWith("is open: falling back to backup (backup-model)"));
  }

  @Test
  void jobWithoutAFallbackIsHeldBackWhileItsCircuitIsOpen() {
    circuitOf(EMULATOR.baseUrl()).transitionToOpenState();
    double delayedBefore = messagesSettledAs("delayed");
    TestJob job = aQueuedJob().withMaxAttempts(3).insert();

    publish(job);

    await().atMost(Duration.ofSeconds(5)).until(() -> messagesSettledAs("delayed") > delayedBefore);
    assertThat(job(job).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(BACKUP_EMULATOR.requests()).isZero();
    // Its held-back message comes back later; cancelled, it then makes no call in another test.
    jdbc.sql("UPDATE jobs SET cancel_requested = true WHERE id = ?").param(job.id()).update();
  }

  private CircuitBreaker circuitOf(String baseUrl) {
    return circuitBreakers.getAllCircuitBreakers().stream()
        .filter(breaker -> breaker.getName().equals(baseUrl))
        .findFirst()
        .orElseThrow();
  }
}
