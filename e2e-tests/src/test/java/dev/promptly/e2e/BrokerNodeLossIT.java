package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.e2e.JobFacts.AttemptRow;
import dev.promptly.testsupport.PrivateRabbitMq;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite's {@code broker-node-loss}: Promptly on a private three-node RabbitMQ cluster
 * with quorum queues, and the node leading the job queue killed with SIGKILL while jobs flow. Every
 * accepted job must succeed once, and the summary gives how long no job started (the pause while
 * the queue elected a new leader and the services reconnected to the other nodes).
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrokerNodeLossIT {
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path LOGS =
      Path.of(System.getProperty("promptly.e2e.logs", "target/e2e-logs")).resolve("node-loss");
  private static final String JOB_QUEUE = "promptly.jobs.ready.normal";
  private static final Duration STEADY = Duration.ofMillis(50);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  private ChaosStack stack;
  private PromptlyClient client;

  @BeforeAll
  void startStackOnACluster() {
    stack = ChaosStack.startOnCluster(ROOT, LOGS, 3);
    client = stack.newTenantClient("node-loss");
    stack.emulator().configure(Map.of("latency_ms", 300));
    // Warm the services up (first connections, JIT) before the scenario's clock starts.
    ChaosLedger warmUp = new ChaosLedger("broker-node-loss-warm-up", stack, client);
    ChaosJobs.submit(client, warmUp, 20, n -> ChaosJobs.chat("warm-up", n, 10, 5));
    warmUp.settle(SETTLE).assertAllSucceeded();
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void killingTheQueueLeaderLosesNoJobAndRunsEachOnce() {
    ChaosLedger ledger = new ChaosLedger("broker-node-loss", stack, client);
    SubmitLoad load =
        SubmitLoad.start(
            client, ledger, n -> ChaosJobs.chat("node-loss", n, 10, 5), STEADY, 100_000);
    PrivateRabbitMq leader;
    Instant killedAt;
    try (load) {
      awaitMoreAccepted(ledger, 40);
      leader = stack.cluster().leaderOf(JOB_QUEUE).orElseThrow();
      killedAt = Instant.now();
      leader.kill();
      awaitMoreAccepted(ledger, 100);
    }

    ChaosReport report = ledger.settle(SETTLE);

    Duration pause = longestPauseInStarts(ledger.attempts(), killedAt);
    String newLeader =
        stack.cluster().leaderOf(JOB_QUEUE).map(PrivateRabbitMq::nodeName).orElse("none");
    report.detail(
        "killed %s (leader of %s), new leader %s; dispatch paused %d ms; 503s %d"
            .formatted(
                leader.nodeName(), JOB_QUEUE, newLeader, pause.toMillis(), load.unavailable()));
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(load.violations()).as("answers other than 202").isEmpty();
    assertThat(newLeader).as("the queue's leader after the kill").isNotEqualTo(leader.nodeName());
  }

  /**
   * The longest time from the kill on in which no attempt started: before the first start after the
   * kill, or between two starts after it.
   */
  private static Duration longestPauseInStarts(List<AttemptRow> attempts, Instant killedAt) {
    List<Instant> starts =
        attempts.stream()
            .map(AttemptRow::startedAt)
            .filter(start -> start != null && start.isAfter(killedAt))
            .sorted(Comparator.naturalOrder())
            .toList();
    Duration longest = Duration.ZERO;
    Instant previous = killedAt;
    for (Instant start : starts) {
      Duration gap = Duration.between(previous, start);
      longest = gap.compareTo(longest) > 0 ? gap : longest;
      previous = start;
    }
    return longest;
  }

  private static void awaitMoreAccepted(ChaosLedger ledger, int more) {
    int target = ledger.size() + more;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ledger.size() >= target);
  }
}
