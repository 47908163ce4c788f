package dev.promptly.worker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import dev.promptly.worker.TestJobs;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobExecutionIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JobStatusCache cache;

  @Test
  void summarizeJobSucceedsWithSentencesOfItsTextAndRecordsUsageAndCost() {
    TestJob job =
        aQueuedJob()
            .withInput(new SummarizeInput(TestJobs.ARTICLE, SummaryStyle.BULLETS, 40))
            .insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    List<String> bullets = result.get("text").asString().lines().toList();
    assertThat(bullets)
        .isNotEmpty()
        .allSatisfy(
            line -> {
              assertThat(line).startsWith("- ");
              assertThat(TestJobs.ARTICLE).contains(line.substring(2));
            });
    assertThat(result.get("finish_reason").asString()).isEqualTo("stop");
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.promptTokens()).isPositive();
    assertThat(done.completionTokens()).isPositive();
    assertThat(done.costMicros())
        .isEqualTo(expectedCost(done.promptTokens(), done.completionTokens()));
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
    assertThat(done.leaseExpiresAt()).isNull();
  }

  @Test
  void succeededJobHasOneLedgerRowOneClosedAttemptAndItsEvents() {
    TestJob job = aQueuedJob().insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND attempt = 1 AND cost_micros = ? AND prompt_tokens = ?",
                job.id(),
                done.costMicros(),
                done.promptTokens()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM job_attempts WHERE job_id = ? AND attempt = 1 AND outcome = 'succeeded' AND finished_at IS NOT NULL AND worker_id = ?",
                job.id(),
                done.workerId()))
        .isEqualTo(1);
    List<String> transitions =
        jdbc.sql(
                "SELECT coalesce(from_status, '-') || '>' || to_status FROM job_events WHERE job_id = ? ORDER BY id")
            .param(job.id())
            .query(String.class)
            .list();
    assertThat(transitions).containsExactly("queued>running", "running>succeeded");
  }

  @Test
  void ledgerRowRecordsHowLongTheModelTookToAnswer() {
    EMULATOR.configure("{\"latency_ms\": 300}");
    TestJob job = aQueuedJob().insert();

    publish(job);

    awaitStatus(job, JobStatus.SUCCEEDED);
    double durationMs =
        jdbc.sql("SELECT duration_ms FROM usage_ledger WHERE job_id = ?")
            .param(job.id())
            .query(Double.class)
            .single();
    assertThat(durationMs).isBetween(300.0, 5_000.0);
  }

  @Test
  void finishedJobIsInTheStatusCacheAsTerminal() {
    TestJob job = aQueuedJob().insert();

    publish(job);

    awaitStatus(job, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(cache.get(job.id()))
                    .hasValueSatisfying(
                        cached -> {
                          assertThat(cached.status()).isEqualTo(JobStatus.SUCCEEDED);
                          assertThat(cached.resultJson()).contains("finish_reason");
                        }));
  }

  @Test
  void chatJobSucceeds() {
    TestJob job = aQueuedJob().withKind(JobKind.CHAT).insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(JSON.readTree(done.resultJson()).get("text").asString()).isNotBlank();
    assertThat(done.completionTokens()).isPositive();
    assertThat(EMULATOR.answered()).isEqualTo(1);
  }

  @Test
  void messageForAJobThatAlreadySucceededIsAckedWithoutAModelCall() {
    TestJob job = aQueuedJob().withStatus(JobStatus.SUCCEEDED).insert();
    double duplicatesBefore = messagesSettledAs("duplicate");

    publish(job);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesSettledAs("duplicate") > duplicatesBefore);
    assertThat(EMULATOR.requests()).isZero();
    assertThat(jobs.find(job.id()).orElseThrow().resultJson()).contains("done");
  }

  @Test
  void queuedJobWithACancelRequestIsCancelledWithoutAModelCall() {
    TestJob job = aQueuedJob().withCancelRequested().insert();

    publish(job);

    JobRecord cancelled = awaitStatus(job, JobStatus.CANCELLED);
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(cancelled.attempts()).isZero();
    assertThat(EMULATOR.requests()).isZero();
  }

  @Test
  void cancelRequestedWhileTheModelRunsAbandonsTheCallWithoutResultOrCharge() {
    EMULATOR.configure("{\"latency_ms\": 10000}");
    TestJob job = aQueuedJob().insert();
    publish(job);
    awaitStatus(job, JobStatus.RUNNING);
    await().atMost(Duration.ofSeconds(5)).until(() -> EMULATOR.requests() == 1);

    jdbc.sql("UPDATE jobs SET cancel_requested = true WHERE id = ?").param(job.id()).update();

    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> job(job).status(), status -> status == JobStatus.CANCELLED);
    JobRecord cancelled = job(job);
    assertThat(cancelled.resultJson()).isNull();
    assertThat(cancelled.promptTokens()).isZero();
    assertThat(cancelled.costMicros()).isZero();
    assertThat(cancelled.finishedAt()).isNotNull();
    assertThat(cancelled.leaseExpiresAt()).isNull();
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM job_attempts WHERE job_id = ? AND outcome = 'cancelled'",
                job.id()))
        .isEqualTo(1);
    assertThat(EMULATOR.requests()).isEqualTo(1);
  }

  private long expectedCost(int promptTokens, int completionTokens) {
    return Math.ceilDiv(promptTokens * 150_000L, 1_000_000L)
        + Math.ceilDiv(completionTokens * 600_000L, 1_000_000L);
  }
}
