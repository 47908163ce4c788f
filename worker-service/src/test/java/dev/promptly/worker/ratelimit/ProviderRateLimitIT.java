package dev.promptly.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.JobKind;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model {@code limited} allows 3 calls a minute in the catalog, its provider 4: a burst of
 * twice the catalog's limit is spread over two minutes of the rolling window, never refused.
 */
class ProviderRateLimitIT extends WorkerIntegrationTest {
  private static final int PROVIDER_RPM = 4;
  private static final int CATALOG_RPM = 3;
  private static final int JOBS = 2 * CATALOG_RPM;

  @Test
  void aBurstBeyondTheProvidersLimitIsDelayedNotRefused() {
    LIMITED_EMULATOR.reset();
    LIMITED_EMULATOR.configure("{\"rpm_limit\": " + PROVIDER_RPM + "}");
    List<TestJob> burst = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      burst.add(aQueuedJob().withKind(JobKind.CHAT).withModel("limited", "limited-model").insert());
    }

    burst.forEach(this::publish);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                burst.stream()
                    .anyMatch(job -> job(job).waitingFor() == WaitingFor.PROVIDER_RATE_LIMIT));
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> burst.stream().filter(job -> job(job).status().isTerminal()).count() == JOBS);
    long succeeded =
        burst.stream().filter(job -> job(job).status().wireName().equals("succeeded")).count();
    long refused = LIMITED_EMULATOR.refused("rate_limited");
    System.out.printf(
        "provider rate limit: rpm_limit=%d catalog_rpm=%d jobs=%d succeeded=%d emulator_429=%d%n",
        PROVIDER_RPM, CATALOG_RPM, JOBS, succeeded, refused);
    assertThat(refused).isZero();
    assertThat(succeeded).isEqualTo(JOBS);
    assertThat(burst).allSatisfy(job -> assertThat(job(job).attempts()).isEqualTo(1));
    assertThat(meters.counter("promptly.ratelimit.waits", "model", "limited").count()).isPositive();
  }
}
