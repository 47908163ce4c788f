package dev.promptly.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BatchEventsIT extends ApiIntegrationTest {
  @Autowired JobRepository jobs;

  @Test
  void aBatchStreamSendsProgressThenDoneWhenItsLastJobEnds() throws Exception {
    // The job ends only once the stream has sent its first progress, so done follows a change.
    String key = aTenantKey();
    String batch =
        api.postJson("/v1/batches", key, "{\"jobs\":[" + SUMMARIZE + "]}")
            .json()
            .get("id")
            .asString();
    String job =
        jdbc.sql("SELECT id FROM jobs WHERE batch_id = :id")
            .param("id", batch)
            .query(String.class)
            .single();
    jdbc.sql("UPDATE jobs SET status = 'running' WHERE id = :id").param("id", job).update();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/v1/batches/" + batch + "/events"))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(30))
            .build();
    CountDownLatch firstProgress = new CountDownLatch(1);
    CompletableFuture<List<String>> events =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenApply(
                response ->
                    response
                        .body()
                        .filter(line -> line.startsWith("event:"))
                        .peek(line -> firstProgress.countDown())
                        .toList());
    assertThat(firstProgress.await(20, TimeUnit.SECONDS)).isTrue();

    jobs.transition(
        job,
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
        JobChanges.none().set("finished_at", Instant.now()),
        "ended in a test");

    List<String> names = events.get(20, TimeUnit.SECONDS);
    assertThat(names.getFirst()).isEqualTo("event:progress");
    assertThat(names.getLast()).isEqualTo("event:done");
  }
}
