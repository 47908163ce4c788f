package dev.promptly.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchCompletionIT extends ApiIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String HOOK = "https://93.184.215.14/hooks/batches";

  @Autowired JobRepository jobs;
  @Autowired TransactionTemplate transactions;

  private String aBatch(String key, int jobs) {
    StringBuilder body = new StringBuilder("{\"jobs\":[");
    for (int i = 0; i < jobs; i++) {
      body.append(i == 0 ? "" : ",").append(SUMMARIZE);
    }
    body.append("],\"webhook_url\":\"").append(HOOK).append("\"}");
    HttpResult result = api.postJson("/v1/batches", key, body.toString());
    assertThat(result.status()).as(result.body()).isEqualTo(202);
    return result.json().get("id").asString();
  }

  private List<String> jobsOfBatch(String batchId) {
    return jdbc.sql("SELECT id FROM jobs WHERE batch_id = :id ORDER BY batch_index")
        .param("id", batchId)
        .query(String.class)
        .list();
  }

  private void setRunning(String jobId) {
    jdbc.sql("UPDATE jobs SET status = 'running', worker_id = 'w' WHERE id = :id")
        .param("id", jobId)
        .update();
  }

  private boolean end(String jobId, JobStatus to) {
    return jobs.transition(
        jobId,
        JobStatus.RUNNING,
        to,
        JobChanges.none().set("finished_at", Instant.now()),
        "ended in a test");
  }

  private record BatchEvent(String jobId, String type, JsonNode body) {}

  private List<BatchEvent> eventsOf(String batchId) {
    return jdbc.sql("SELECT job_id, type, body FROM webhook_events WHERE batch_id = :id")
        .param("id", batchId)
        .query(
            (rs, row) ->
                new BatchEvent(
                    rs.getString("job_id"),
                    rs.getString("type"),
                    JSON.readTree(rs.getString("body"))))
        .list();
  }

  private String statusOf(String key, String batchId) {
    return api.get("/v1/batches/" + batchId, key).json().get("status").asString();
  }

  @Test
  void theLastJobEndingCompletesTheBatchWithOneWebhookEvent() {
    String key = aTenantKey();
    String batch = aBatch(key, 2);
    List<String> ids = jobsOfBatch(batch);
    ids.forEach(this::setRunning);

    end(ids.get(0), JobStatus.SUCCEEDED);
    assertThat(statusOf(key, batch)).isEqualTo("running");
    assertThat(eventsOf(batch)).isEmpty();
    end(ids.get(1), JobStatus.FAILED);

    JsonNode read = api.get("/v1/batches/" + batch, key).json();
    assertThat(read.get("status").asString()).isEqualTo("completed");
    assertThat(read.get("completed_at").isNull()).isFalse();
    assertThat(read.get("counts").get("succeeded").asInt()).isEqualTo(1);
    assertThat(read.get("counts").get("failed").asInt()).isEqualTo(1);
    List<BatchEvent> events = eventsOf(batch);
    assertThat(events).hasSize(1);
    BatchEvent event = events.getFirst();
    assertThat(event.jobId()).isNull();
    assertThat(event.type()).isEqualTo("batch.completed");
    assertThat(event.body().get("type").asString()).isEqualTo("batch.completed");
    assertThat(event.body().at("/data/id").asString()).isEqualTo(batch);
    assertThat(event.body().at("/data/object").asString()).isEqualTo("batch");
    assertThat(event.body().at("/data/status").asString()).isEqualTo("completed");
    assertThat(event.body().at("/data/counts/succeeded").asInt()).isEqualTo(1);
  }

  @Test
  void twoTransactionsEndingTheLastTwoJobsAtOnceCompleteTheBatchExactlyOnce() throws Exception {
    String key = aTenantKey();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        String batch = aBatch(key, 2);
        List<String> ids = jobsOfBatch(batch);
        ids.forEach(this::setRunning);
        // Both jobs are moved before either transaction commits: each sees the other's job
        // still running unless the batch lock orders them.
        CountDownLatch bothMoved = new CountDownLatch(2);
        List<Future<Boolean>> endings =
            ids.stream()
                .map(
                    id ->
                        threads.submit(
                            () ->
                                transactions.execute(
                                    status -> {
                                      boolean moved = end(id, JobStatus.SUCCEEDED);
                                      bothMoved.countDown();
                                      await(bothMoved);
                                      return moved;
                                    })))
                .toList();

        for (Future<Boolean> ending : endings) {
          assertThat(ending.get(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(statusOf(key, batch)).isEqualTo("completed");
        assertThat(eventsOf(batch)).hasSize(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void cancellingCancelsWaitingJobsAndFlagsRunningOnes() {
    String key = aTenantKey();
    String batch = aBatch(key, 3);
    List<String> ids = jobsOfBatch(batch);
    setRunning(ids.get(0));

    HttpResult cancelled = api.post("/v1/batches/" + batch + "/cancel", key);

    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
    assertThat(cancelled.json().get("counts").get("cancelled").asInt()).isEqualTo(2);
    assertThat(cancelled.json().get("counts").get("running").asInt()).isEqualTo(1);
    assertThat(cancelled.json().get("completed_at").isNull()).isTrue();
    JsonNode running = api.get("/v1/jobs/" + ids.get(0), key).json();
    assertThat(running.get("cancel_requested").asBoolean()).isTrue();
    assertThat(api.get("/v1/jobs/" + ids.get(1), key).json().get("status").asString())
        .isEqualTo("cancelled");
    assertThat(eventsOf(batch)).isEmpty();
  }

  @Test
  void aCancelledBatchIsCompletedWhenItsLastRunningJobStops() {
    String key = aTenantKey();
    String batch = aBatch(key, 2);
    List<String> ids = jobsOfBatch(batch);
    setRunning(ids.get(0));
    api.post("/v1/batches/" + batch + "/cancel", key);

    end(ids.get(0), JobStatus.CANCELLED);

    JsonNode read = api.get("/v1/batches/" + batch, key).json();
    assertThat(read.get("status").asString()).isEqualTo("cancelled");
    assertThat(read.get("completed_at").isNull()).isFalse();
    assertThat(read.get("counts").get("cancelled").asInt()).isEqualTo(2);
    List<BatchEvent> events = eventsOf(batch);
    assertThat(events).hasSize(1);
    assertThat(events.getFirst().body().at("/data/status").asString()).isEqualTo("cancelled");
  }

  @Test
  void aBatchOfWaitingJobsOnlyIsCompletedByItsCancel() {
    String key = aTenantKey();
    String batch = aBatch(key, 2);

    HttpResult cancelled = api.post("/v1/batches/" + batch + "/cancel", key);

    assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
    assertThat(cancelled.json().get("completed_at").isNull()).isFalse();
    assertThat(eventsOf(batch)).hasSize(1);
    assertThat(api.post("/v1/batches/" + batch + "/cancel", key).status()).isEqualTo(200);
    assertThat(eventsOf(batch)).hasSize(1);
  }

  @Test
  void aCompletedBatchCannotBeCancelled() {
    String key = aTenantKey();
    String batch = aBatch(key, 1);
    String job = jobsOfBatch(batch).getFirst();
    setRunning(job);
    end(job, JobStatus.SUCCEEDED);

    HttpResult cancel = api.post("/v1/batches/" + batch + "/cancel", key);

    assertThat(cancel.status()).isEqualTo(409);
    assertThat(cancel.json().get("code").asString()).isEqualTo("batch_finished");
  }

  @Test
  void aJobOfTheBatchCancelledOnItsOwnCanEndTheBatch() {
    String key = aTenantKey();
    String batch = aBatch(key, 1);
    String job = jobsOfBatch(batch).getFirst();

    assertThat(api.post("/v1/jobs/" + job + "/cancel", key).status()).isEqualTo(200);

    assertThat(statusOf(key, batch)).isEqualTo("completed");
    assertThat(eventsOf(batch)).hasSize(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
