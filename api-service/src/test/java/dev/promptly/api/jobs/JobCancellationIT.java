package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class JobCancellationIT extends ApiIntegrationTest {
  @Autowired JobRepository jobs;
  @Autowired JobStatusCache cache;

  @Test
  void cancellingAQueuedJobCancelsItAtOnce() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();

    HttpResult result = api.post("/v1/jobs/" + id + "/cancel", key);

    assertThat(result.status()).isEqualTo(200);
    JsonNode job = result.json();
    assertThat(job.get("status").asString()).isEqualTo("cancelled");
    assertThat(job.get("finished_at").isNull()).isFalse();
    assertThat(api.get("/v1/jobs/" + id, key).json().get("status").asString())
        .isEqualTo("cancelled");
    assertThat(cache.get(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(
            jdbc.sql("SELECT to_status FROM job_events WHERE job_id = :id ORDER BY id")
                .param("id", id)
                .query(String.class)
                .list())
        .containsExactly("queued", "cancelled");
  }

  @Test
  void cancellingAFinishedJobIsAConflict() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();
    api.post("/v1/jobs/" + id + "/cancel", key);

    HttpResult again = api.post("/v1/jobs/" + id + "/cancel", key);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("job_finished");
  }

  @Test
  void cancellingARunningJobAsksItsWorkerToStop() {
    String key = aTenantKey();
    String id = submitted(key, CHAT).get("id").asString();
    jobs.transition(
        id,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().set("worker_id", "worker-1").set("started_at", Instant.now()),
        "claimed by test worker");

    HttpResult result = api.post("/v1/jobs/" + id + "/cancel", key);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().get("status").asString()).isEqualTo("running");
    assertThat(result.json().get("cancel_requested").asBoolean()).isTrue();
    assertThat(jobs.find(id).orElseThrow().cancelRequested()).isTrue();
    assertThat(api.get("/v1/jobs/" + id, key).json().get("cancel_requested").asBoolean()).isTrue();
  }

  @Test
  void cancellingAJobWaitingForItsRetryCancelsItAtOnce() {
    String key = aTenantKey();
    String id = submitted(key, CHAT).get("id").asString();
    claim(id);
    jobs.transition(
        id,
        JobStatus.RUNNING,
        JobStatus.RETRY_SCHEDULED,
        JobChanges.none().set("worker_id", null),
        "provider returned 503");

    HttpResult result = api.post("/v1/jobs/" + id + "/cancel", key);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().get("status").asString()).isEqualTo("cancelled");
    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void cancellingASucceededOrFailedJobIsAConflictAndChangesNothing() {
    String key = aTenantKey();
    String succeeded = submitted(key, CHAT).get("id").asString();
    String failed = submitted(key, CHAT).get("id").asString();
    claim(succeeded);
    claim(failed);
    jobs.transition(
        succeeded, JobStatus.RUNNING, JobStatus.SUCCEEDED, JobChanges.none(), "test worker done");
    jobs.transition(
        failed,
        JobStatus.RUNNING,
        JobStatus.FAILED,
        JobChanges.none().set("error_code", "timeout"),
        "test worker gave up");

    HttpResult first = api.post("/v1/jobs/" + succeeded + "/cancel", key);
    HttpResult second = api.post("/v1/jobs/" + failed + "/cancel", key);

    assertThat(first.status()).isEqualTo(409);
    assertThat(first.json().get("code").asString()).isEqualTo("job_finished");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("code").asString()).isEqualTo("job_finished");
    assertThat(jobs.find(succeeded).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(jobs.find(failed).orElseThrow().cancelRequested()).isFalse();
  }

  @Test
  void cancellingAnotherTenantsJobIsNotFound() {
    String id = submitted(aTenantKey(), CHAT).get("id").asString();

    HttpResult result = api.post("/v1/jobs/" + id + "/cancel", aTenantKey());

    assertThat(result.status()).isEqualTo(404);
    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void cancellingAnUnknownJobIsNotFound() {
    assertThat(api.post("/v1/jobs/job_" + "a".repeat(32) + "/cancel", aTenantKey()).status())
        .isEqualTo(404);
  }

  private void claim(String id) {
    jobs.transition(
        id,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobChanges.none().increment("attempts").set("worker_id", "worker-1"),
        "claimed by test worker");
  }
}
