package dev.promptly.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.api.ApiClient;
import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.api.SecondApiInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API replicas sharing Postgres and Redis: the test context and a second application started
 * here against the same database, vhost and key prefix, closed when the class is done.
 */
class TwoReplicasIT extends ApiIntegrationTest {
  private static final int LIMIT = 30;
  private static final int REQUESTS = 90;
  private static final Duration PUB_SUB_DELIVERY = Duration.ofMillis(500);
  private static SecondApiInstance replica;
  private static ApiClient second;

  @BeforeAll
  static void startASecondReplica() {
    replica = SecondApiInstance.start(Map.of());
    second = new ApiClient(replica.port());
  }

  @AfterAll
  static void stopTheSecondReplica() {
    replica.close();
  }

  @Test
  void togetherTheReplicasAcceptNoMoreThanTheTenantsLimit() throws Exception {
    String key = aKeyOf(aTenantIdLimitedTo(LIMIT, LIMIT));
    List<ApiClient> replicas = List.of(api, second);

    long started = System.nanoTime();
    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
      List<Future<Integer>> futures =
          IntStream.range(0, REQUESTS)
              .mapToObj(
                  i -> threads.submit(() -> replicas.get(i % 2).get("/v1/jobs", key).status()))
              .toList();
      for (Future<Integer> future : futures) {
        statuses.add(future.get());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    int[] accepted = new int[2];
    for (int i = 0; i < REQUESTS; i++) {
      if (statuses.get(i) == 200) {
        accepted[i % 2]++;
      }
    }
    int total = accepted[0] + accepted[1];
    System.out.printf(
        "rate limit across two replicas: limit=%d/min sent=%d accepted=%d (first=%d, second=%d)"
            + " refused=%d in %.2f s%n",
        LIMIT, REQUESTS, total, accepted[0], accepted[1], REQUESTS - total, seconds);
    assertThat(statuses).containsOnly(200, 429);
    // The burst, plus what refilled while the requests ran (half a token a second).
    assertThat(total).isBetween(LIMIT, LIMIT + (int) Math.ceil(seconds * LIMIT / 60.0));
    assertThat(accepted[0]).isPositive().isLessThan(total);
  }

  @Test
  void aKeyRevokedThroughOneReplicaIsRefusedByTheOtherAtOnce() {
    String tenant = aTenantId();
    HttpResult issued = api.post("/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY);
    String key = issued.json().get("key").asString();
    assertThat(second.get("/v1/jobs", key).status()).isEqualTo(200);

    api.delete("/v1/admin/api-keys/" + issued.json().get("id").asString(), ADMIN_KEY);

    // The other replica's key cache learns of the change over Redis pub/sub, far within its TTL.
    await()
        .atMost(PUB_SUB_DELIVERY)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> second.get("/v1/jobs", key).status() == 401);
  }

  @Test
  void aLimitSetThroughOneReplicaAppliesOnTheOtherFromTheNextRequest() {
    String tenant = aTenantIdLimitedTo(600);
    String key = aKeyOf(tenant);
    assertThat(second.get("/v1/jobs", key).header("RateLimit-Limit")).isEqualTo("6000");

    api.putJson(
        "/v1/admin/tenants/" + tenant + "/rate-limit", ADMIN_KEY, "{\"rate_limit_per_minute\":7}");

    await()
        .atMost(PUB_SUB_DELIVERY)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> "70".equals(second.get("/v1/jobs", key).header("RateLimit-Limit")));
  }
}
