package dev.promptly.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobStatus;
import dev.promptly.model.Priority;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class JobRetryIT extends ApiIntegrationTest {
  @Autowired JobRepository jobs;
  @Autowired JobStatusCache cache;
  private FailedJobs failedJobs;

  @BeforeEach
  void failedJobs() {
    failedJobs = new FailedJobs(jobs, jdbc);
  }

  @Test
  void retryRequeuesAFailedJobInOneGo() {
    String key = aTenantKey();
    String id = aFailedJob(key, "attempts_exhausted");
    emptyTheQueues();

    HttpResult result =
        api.send(
            "POST",
            "/v1/admin/jobs/" + id + "/retry",
            ADMIN_KEY,
            null,
            BodyPublishers.noBody(),
            Map.of("X-Request-Id", "req-retry-1"));

    assertThat(result.status()).as(result.body()).isEqualTo(200);
    JsonNode job = result.json();
    assertThat(job.get("id").asString()).isEqualTo(id);
    assertThat(job.get("status").asString()).isEqualTo("queued");
    assertThat(job.get("attempts").asInt()).isZero();
    assertThat(job.get("error").isNull()).isTrue();
    assertThat(job.get("started_at").isNull()).isTrue();
    assertThat(job.get("finished_at").isNull()).isTrue();
    assertThat(unreplayedDeadLettersOf(id)).isZero();
    assertThat(eventsOf(id)).containsExactly("queued", "running", "failed", "queued");
    assertThat(dispatchesOf(id)).hasSize(2);
    assertThat(dispatchesOf(id).getLast())
        .containsEntry("attempt", 1)
        .containsEntry("request_id", "req-retry-1");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> dispatchesOf(id).getLast().get("sent").equals(true));
    assertThat(cache.get(id).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    assertThat(api.get("/v1/jobs/" + id, key).json().get("status").asString()).isEqualTo("queued");
    JsonNode message = messageOf(id, Priority.NORMAL);
    assertThat(message.get("job_id").asString()).isEqualTo(id);
    assertThat(message.get("attempt").asInt()).isEqualTo(1);
    assertThat(message.get("request_id").asString()).isEqualTo("req-retry-1");
  }

  @Test
  void concurrentRetriesOfOneJobRequeueItOnce() throws Exception {
    String id = aFailedJob(aTenantKey(), "attempts_exhausted");
    emptyTheQueues();
    CountDownLatch start = new CountDownLatch(1);

    List<HttpResult> results;
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResult>> retries =
          IntStream.range(0, 6)
              .mapToObj(
                  i ->
                      clients.submit(
                          () -> {
                            start.await();
                            return api.post("/v1/admin/jobs/" + id + "/retry", ADMIN_KEY);
                          }))
              .toList();
      start.countDown();
      results = retries.stream().map(JobRetryIT::join).toList();
    }

    List<Integer> statuses = results.stream().map(HttpResult::status).toList();
    assertThat(Collections.frequency(statuses, 200)).as(statuses.toString()).isEqualTo(1);
    assertThat(Collections.frequency(statuses, 409)).isEqualTo(5);
    assertThat(results)
        .filteredOn(result -> result.status() == 409)
        .allSatisfy(
            result -> assertThat(result.json().get("code").asString()).isEqualTo("job_not_failed"));
    assertThat(dispatchesOf(id)).hasSize(2);
    assertThat(eventsOf(id)).containsExactly("queued", "running", "failed", "queued");
    assertThat(messagesFor(id)).isEqualTo(1);
  }

  @Test
  void retryingAJobThatIsNotFailedIsAConflictAndChangesNothing() {
    String key = aTenantKey();
    String id = submitted(key, SUMMARIZE).get("id").asString();

    HttpResult result = api.post("/v1/admin/jobs/" + id + "/retry", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(409);
    assertThat(result.json().get("code").asString()).isEqualTo("job_not_failed");
    assertThat(result.json().get("detail").asString()).contains("queued");
    assertThat(dispatchesOf(id)).hasSize(1);
    assertThat(eventsOf(id)).containsExactly("queued");
  }

  @Test
  void retryingAnUnknownJobIsNotFound() {
    assertThat(api.post("/v1/admin/jobs/job_" + "0".repeat(32) + "/retry", ADMIN_KEY).status())
        .isEqualTo(404);
    assertThat(api.post("/v1/admin/jobs/not-a-job/retry", ADMIN_KEY).status()).isEqualTo(404);
  }

  @Test
  void retryingNeedsTheAdminKey() {
    String key = aTenantKey();
    String id = aFailedJob(key, "timeout");

    assertThat(api.post("/v1/admin/jobs/" + id + "/retry", key).status()).isEqualTo(403);
    assertThat(api.post("/v1/admin/jobs/" + id + "/retry", null).status()).isEqualTo(401);
    assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void replayedJobNumbersItsAttemptsFromOneAgainAndKeepsTheOldOnes() {
    String id = aFailedJob(aTenantKey(), "attempts_exhausted");
    recordAttempt(id, 1, "worker-of-the-first-life");

    api.post("/v1/admin/jobs/" + id + "/retry", ADMIN_KEY);
    recordAttempt(id, 1, "worker-of-the-second-life");

    assertThat(
            jdbc.sql(
                    "SELECT worker_id || ':' || replayed FROM job_attempts WHERE job_id = :id"
                        + " ORDER BY id")
                .param("id", id)
                .query(String.class)
                .list())
        .containsExactly("worker-of-the-first-life:true", "worker-of-the-second-life:false");
  }

  private void recordAttempt(String jobId, int attempt, String worker) {
    jdbc.sql(
            "INSERT INTO job_attempts (job_id, attempt, worker_id, started_at)"
                + " VALUES (:id, :attempt, :worker, now())")
        .param("id", jobId)
        .param("attempt", attempt)
        .param("worker", worker)
        .update();
  }

  private String aFailedJob(String key, String errorCode) {
    return failedJobs.fail(submitted(key, SUMMARIZE).get("id").asString(), errorCode);
  }

  private long unreplayedDeadLettersOf(String jobId) {
    return jdbc.sql("SELECT count(*) FROM dead_letters WHERE job_id = :id AND replayed_at IS NULL")
        .param("id", jobId)
        .query(Long.class)
        .single();
  }

  private List<String> eventsOf(String jobId) {
    return jdbc.sql("SELECT to_status FROM job_events WHERE job_id = :id ORDER BY id")
        .param("id", jobId)
        .query(String.class)
        .list();
  }

  private List<Map<String, Object>> dispatchesOf(String jobId) {
    return jdbc.sql(
            "SELECT attempt, request_id, sent_at IS NOT NULL AS sent FROM job_dispatches"
                + " WHERE job_id = :id ORDER BY id")
        .param("id", jobId)
        .query()
        .listOfRows();
  }

  private static HttpResult join(Future<HttpResult> result) {
    try {
      return result.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
