package dev.promptly.worker.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.circuit.ProviderCircuits;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureHandlingIT extends WorkerIntegrationTest {

  @Test
  void providerRejectionFailsTheJobAtOnce() {
    EMULATOR.configure("{\"error_rate\": 1.0, \"error_status\": 400}");
    TestJob job = aQueuedJob().withMaxAttempts(5).insert();

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("provider_rejected");
    assertThat(failed.errorMessage()).contains("HTTP 400");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.finishedAt()).isNotNull();
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id())).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM job_attempts WHERE job_id = ? AND outcome = 'failed'",
                job.id()))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isZero();
  }

  @Test
  void providerOutageSchedulesARetryThroughTheOutboxThatLaterSucceeds() {
    EMULATOR.configure("{\"outage\": true}");
    TestJob job = aQueuedJob().withMaxAttempts(3).insert();

    publish(job);

    JobRecord waiting = awaitStatus(job, JobStatus.RETRY_SCHEDULED);
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.waitingFor()).isEqualTo(WaitingFor.BACKOFF);
    assertThat(waiting.errorCode()).isNull();
    assertThat(waiting.errorMessage()).startsWith("provider returned 503");
    assertThat(
            count(
                "SELECT count(*) FROM job_dispatches WHERE job_id = ? AND attempt = 2 AND sent_at IS NULL AND not_before > now()",
                job.id()))
        .isEqualTo(1);

    EMULATOR.configure("{\"outage\": false}");
    jdbc.sql(
            "UPDATE job_dispatches SET not_before = now(), created_at = now() - interval '1 minute' WHERE job_id = ? AND sent_at IS NULL")
        .param(job.id())
        .update();

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.waitingFor()).isNull();
    assertThat(done.errorCode()).isNull();
    assertThat(done.errorMessage()).isNull();
    List<String> outcomes =
        jdbc.sql("SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY attempt")
            .param(job.id())
            .query(String.class)
            .list();
    assertThat(outcomes).containsExactly("retryable_error", "succeeded");
    assertThat(
            count("SELECT count(*) FROM usage_ledger WHERE job_id = ? AND attempt = 2", job.id()))
        .isEqualTo(1);
  }

  @Test
  void copyOfAnEarlierAttemptsMessageDoesNotCutTheBackoffShort() {
    TestJob job = aQueuedJob().withStatus(JobStatus.RETRY_SCHEDULED).insert();
    double duplicatesBefore = messagesSettledAs("duplicate");

    publisher.publish("normal", job.message(1));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesSettledAs("duplicate") > duplicatesBefore);
    assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RETRY_SCHEDULED);
    assertThat(EMULATOR.requests()).isZero();

    publisher.publish("normal", job.message(2));

    assertThat(awaitStatus(job, JobStatus.SUCCEEDED).attempts()).isEqualTo(2);
  }

  @Test
  void outageOnTheLastAttemptFailsTheJobWithAttemptsExhausted() {
    EMULATOR.configure("{\"outage\": true}");
    TestJob job = aQueuedJob().withMaxAttempts(1).insert();

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("attempts_exhausted");
    assertThat(failed.errorMessage())
        .contains("gave up after 1 attempt")
        .contains("provider returned 503");
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", job.id())).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM job_attempts WHERE job_id = ? AND outcome = 'retryable_error'",
                job.id()))
        .isEqualTo(1);
  }

  @Test
  void jobThatRunsOutOfAttemptsIsRecordedAsADeadLetter() {
    EMULATOR.configure("{\"outage\": true}");
    TestJob job = aQueuedJob().withMaxAttempts(1).insert();

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(deadLettersOf(job, "attempts_exhausted", failed.errorMessage())).isEqualTo(1);
  }

  @Test
  void rejectedJobIsRecordedAsADeadLetter() {
    EMULATOR.configure("{\"error_rate\": 1.0, \"error_status\": 400}");
    TestJob job = aQueuedJob().insert();

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(deadLettersOf(job, "provider_rejected", failed.errorMessage())).isEqualTo(1);
  }

  @Test
  void callOutlivingTheJobsTimeoutIsCutShortAndRetriedWithTheTimeoutCode() {
    EMULATOR.configure("{\"latency_ms\": 4000}");
    TestJob job = aQueuedJob().withTimeoutSeconds(1).insert();

    publish(job);

    await()
        .atMost(Duration.ofMillis(3500))
        .until(() -> job(job).status(), status -> status == JobStatus.RETRY_SCHEDULED);
    JobRecord waiting = job(job);
    assertThat(waiting.errorCode()).isEqualTo("timeout");
    assertThat(waiting.errorMessage()).isEqualTo("provider call timed out after 1s");
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isZero();
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }

  @Test
  void rateLimitUsesAnAttemptNamesTheRetryAfterAndIsNotHeldAgainstTheProvider() {
    EMULATOR.configure("{\"error_rate\": 1.0, \"error_status\": 429}");
    TestJob job = aQueuedJob().insert();

    publish(job);

    JobRecord waiting = awaitStatus(job, JobStatus.RETRY_SCHEDULED);
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.errorCode()).isNull();
    assertThat(waiting.errorMessage()).isEqualTo("rate limited by provider (429), retry after 1s");
    CircuitBreaker.Metrics provider =
        circuitBreakers.circuitBreaker(ProviderCircuits.nameOf(EMULATOR.baseUrl())).getMetrics();
    assertThat(provider.getNumberOfFailedCalls()).isZero();
    assertThat(provider.getNumberOfSuccessfulCalls()).isEqualTo(1);
  }

  private long deadLettersOf(TestJob job, String errorCode, String errorMessage) {
    return count(
        "SELECT count(*) FROM dead_letters WHERE job_id = ? AND tenant_id = ? AND error_code = ?"
            + " AND error_message = ? AND attempts = 1 AND replayed_at IS NULL",
        job.id(),
        job.tenantId(),
        errorCode,
        errorMessage);
  }
}
