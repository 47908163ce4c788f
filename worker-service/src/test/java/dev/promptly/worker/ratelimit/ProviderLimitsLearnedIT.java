package dev.promptly.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.RedisProperties;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Refused;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The provider's {@code x-ratelimit-*} headers shrink the shared window in Redis before any 429:
 * the models {@code learned} and {@code paused} have no limit in the catalog, the emulator serving
 * them has an {@code rpm_limit}, and the worker knows of it only from the answers' headers.
 */
class ProviderLimitsLearnedIT extends WorkerIntegrationTest {
  private static final int PROVIDER_RPM = 3;

  @Autowired ProviderRateLimits limits;
  @Autowired ModelCatalog catalog;
  @Autowired RedisProperties redisProperties;

  @AfterEach
  void liftTheProvidersLimit() {
    LIMITED_EMULATOR.reset();
  }

  @Test
  void theFirstAnswersHeadersLimitAModelTheCatalogLeavesUnlimitedBeforeAny429() {
    LIMITED_EMULATOR.reset();
    LIMITED_EMULATOR.configure("{\"rpm_limit\": " + PROVIDER_RPM + "}");
    TestJob first = aJob("learned");
    publish(first);
    awaitStatus(first, JobStatus.SUCCEEDED);

    assertThat(redis.opsForHash().get(keyOf("learned-model") + ":learned", "rpm"))
        .as("the limit learned from the first answer, in Redis for every worker")
        .isEqualTo(Integer.toString(PROVIDER_RPM));

    // Twice what the provider still allows this minute: without what the headers said, every call
    // beyond the limit would have gone out and come back 429.
    List<TestJob> burst = new ArrayList<>();
    for (int i = 0; i < 2 * (PROVIDER_RPM - 1); i++) {
      burst.add(aJob("learned"));
    }
    burst.forEach(this::publish);
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> burst.stream().allMatch(job -> job(job).status().isTerminal()));

    long refused = LIMITED_EMULATOR.refused("rate_limited");
    System.out.printf(
        "learned provider limit: rpm_limit=%d catalog_rpm=none jobs=%d emulator_429=%d%n",
        PROVIDER_RPM, burst.size() + 1, refused);
    assertThat(refused).as("429s from the provider").isZero();
    assertThat(burst)
        .allSatisfy(job -> assertThat(job(job).status()).isEqualTo(JobStatus.SUCCEEDED))
        .allSatisfy(job -> assertThat(job(job).attempts()).as("attempts").isEqualTo(1));
    assertThat(meters.counter("promptly.ratelimit.waits", "model", "learned").count())
        .as("calls held back by the learned window")
        .isPositive();
    assertThat(
            meters
                .get("promptly.ratelimit.learned.limit")
                .tags("provider", "limited", "model", "learned-model", "kind", "requests")
                .gauge()
                .value())
        .isEqualTo(PROVIDER_RPM);
  }

  @Test
  void anAnswerThatSaysNothingIsLeftPausesTheWindowUntilTheProvidersReset() throws Exception {
    LIMITED_EMULATOR.reset();
    LIMITED_EMULATOR.configure("{\"rpm_limit\": 2}");
    // Another client of the same provider key takes one of the two calls.
    assertThat(callTheProviderDirectly()).isEqualTo(200);
    TestJob job = aJob("paused");
    publish(job);
    awaitStatus(job, JobStatus.SUCCEEDED);
    ModelSpec spec = catalog.resolve("paused").orElseThrow();

    // The job's answer said: 0 requests remaining, reset in about a minute.
    assertThat(redis.getExpire(keyOf("paused-model") + ":paused"))
        .as("seconds the window stays paused")
        .isBetween(50L, 60L);
    assertThat(limits.acquire(spec, 1))
        .isInstanceOfSatisfying(
            Refused.class,
            refused -> assertThat(refused.retryIn()).isGreaterThan(Duration.ofSeconds(50)));
    assertThat(LIMITED_EMULATOR.refused("rate_limited")).as("429s from the provider").isZero();
    assertThat(
            meters
                .counter(
                    "promptly.ratelimit.learned.pauses",
                    "provider",
                    "limited",
                    "model",
                    "paused-model")
                .count())
        .isPositive();
  }

  private TestJob aJob(String alias) {
    return aQueuedJob()
        .withKind(JobKind.CHAT)
        .withModel(alias, catalog.resolve(alias).orElseThrow().model())
        .insert();
  }

  private String keyOf(String model) {
    return redisProperties.keyPrefix() + "provider-limits:limited:" + model;
  }

  private static int callTheProviderDirectly() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(LIMITED_EMULATOR.baseUrl() + "/chat/completions"))
            .header("Authorization", "Bearer another-client")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"paused-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
