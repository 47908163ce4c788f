package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class SubmissionsInFlightFilterTest {
  private SubmissionsInFlightFilter filter = filter(1, 1);

  private static SubmissionsInFlightFilter filter(int submissions, int batches) {
    return new SubmissionsInFlightFilter(
        new WebProperties(1_048_576, submissions, 67_108_864, batches),
        new ProblemWriter(JsonMapper.builder().build()));
  }

  @Test
  void aSubmissionBeyondTheLimitIsShedWith503AndRetryAfterWhileReadsPass() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FilterChain holding =
        (request, response) -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    CompletableFuture<MockHttpServletResponse> first =
        CompletableFuture.supplyAsync(() -> run(post("/v1/jobs"), holding));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    MockHttpServletResponse shed = run(post("/v1/batches"), (request, response) -> {});
    MockHttpServletResponse read = run(new MockHttpServletRequest("GET", "/v1/jobs"), ok());
    MockHttpServletResponse other = run(post("/v1/admin/tenants"), ok());

    assertThat(shed.getStatus()).isEqualTo(503);
    assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
    assertThat(shed.getContentType()).startsWith("application/problem+json");
    assertThat(shed.getContentAsString()).contains("\"code\":\"unavailable\"");
    assertThat(read.getStatus()).isEqualTo(200);
    assertThat(other.getStatus()).isEqualTo(200);

    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    // The permit came back: the next submission passes.
    assertThat(run(post("/v1/jobs"), ok()).getStatus()).isEqualTo(200);
  }

  @Test
  void aBatchBeyondTheBatchLimitIsShedWhileJobSubmissionsStillPass() throws Exception {
    filter = filter(10, 1);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FilterChain holding =
        (request, response) -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    CompletableFuture<MockHttpServletResponse> firstBatch =
        CompletableFuture.supplyAsync(() -> run(post("/v1/batches"), holding));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    MockHttpServletResponse secondBatch = run(post("/v1/batches"), ok());
    MockHttpServletResponse job = run(post("/v1/jobs"), ok());

    assertThat(secondBatch.getStatus()).isEqualTo(503);
    assertThat(secondBatch.getHeader("Retry-After")).isEqualTo("1");
    assertThat(secondBatch.getContentAsString()).contains("as many batches");
    assertThat(job.getStatus()).isEqualTo(200);

    release.countDown();
    assertThat(firstBatch.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    assertThat(run(post("/v1/batches"), ok()).getStatus()).isEqualTo(200);
  }

  @Test
  void aBatchShedForWantOfSubmissionPermitsGivesItsBatchPermitBack() {
    filter = filter(1, 1);
    FilterChain nested = (request, response) -> run(post("/v1/batches"), ok());

    MockHttpServletResponse outer = run(post("/v1/jobs"), nested);

    assertThat(outer.getStatus()).isEqualTo(200);
    // The nested batch was shed (no submission permit left) and must not have kept its batch
    // permit.
    assertThat(run(post("/v1/batches"), ok()).getStatus()).isEqualTo(200);
  }

  private static MockHttpServletRequest post(String path) {
    return new MockHttpServletRequest("POST", path);
  }

  private static FilterChain ok() {
    return (request, response) -> {};
  }

  private MockHttpServletResponse run(MockHttpServletRequest request, FilterChain chain) {
    MockHttpServletResponse response = new MockHttpServletResponse();
    try {
      filter.doFilter(request, response, chain);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return response;
  }
}
