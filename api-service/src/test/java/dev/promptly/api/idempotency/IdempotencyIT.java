package dev.promptly.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdempotencyIT extends ApiIntegrationTest {
  private static final int CONCURRENT = 50;

  @Test
  void repeatingARequestWithItsKeyReturnsTheSameJob() {
    String key = aTenantKey();
    HttpResult first =
        api.postJson("/v1/jobs", key, SUMMARIZE, Map.of("Idempotency-Key", "order-1"));

    HttpResult again =
        api.postJson(
            "/v1/jobs",
            key,
            SUMMARIZE.replace(",", " ,\n  "),
            Map.of("Idempotency-Key", "order-1"));

    assertThat(first.status()).isEqualTo(202);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(1);
    assertThat(messagesFor(first.json().get("id").asString())).isEqualTo(1);
  }

  @Test
  void reusingAKeyForAnotherBodyIsAConflict() {
    String key = aTenantKey();
    api.postJson("/v1/jobs", key, SUMMARIZE, Map.of("Idempotency-Key", "order-2"));

    HttpResult other = api.postJson("/v1/jobs", key, CHAT, Map.of("Idempotency-Key", "order-2"));

    assertThat(other.status()).isEqualTo(409);
    assertThat(other.json().get("code").asString()).isEqualTo("idempotency_key_reused");
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(1);
  }

  @Test
  void theSameKeyUsedByTwoTenantsMakesTwoJobs() {
    String one = aTenantKey();
    String two = aTenantKey();

    HttpResult first =
        api.postJson("/v1/jobs", one, SUMMARIZE, Map.of("Idempotency-Key", "shared"));
    HttpResult second =
        api.postJson("/v1/jobs", two, SUMMARIZE, Map.of("Idempotency-Key", "shared"));

    assertThat(second.header("Idempotent-Replayed")).isNull();
    assertThat(second.json().get("id")).isNotEqualTo(first.json().get("id"));
  }

  @Test
  void fiftyConcurrentRequestsWithOneKeyCreateExactlyOneJob() throws Exception {
    String key = aTenantKey();
    CountDownLatch start = new CountDownLatch(1);
    Callable<HttpResult> submit =
        () -> {
          start.await();
          return api.postJson("/v1/jobs", key, CHAT, Map.of("Idempotency-Key", "burst"));
        };

    List<HttpResult> results;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResult>> futures =
          IntStream.range(0, CONCURRENT).mapToObj(i -> threads.submit(submit)).toList();
      start.countDown();
      results = futures.stream().map(IdempotencyIT::join).toList();
    }

    assertThat(results).hasSize(CONCURRENT).extracting(HttpResult::status).containsOnly(202);
    assertThat(results)
        .extracting(result -> result.json().get("id").asString())
        .containsOnly(results.getFirst().json().get("id").asString());
    assertThat(results)
        .filteredOn(result -> result.header("Idempotent-Replayed") == null)
        .hasSize(1);
    assertThat(jobsOf(tenantOfKey(key))).isEqualTo(1);
    assertThat(messagesFor(results.getFirst().json().get("id").asString())).isEqualTo(1);
  }

  private static HttpResult join(Future<HttpResult> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
