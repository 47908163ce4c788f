package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.e2e.JobFacts.AttemptRow;
import dev.promptly.e2e.JobFacts.JobRow;
import dev.promptly.testsupport.PrivatePostgres.StopMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The failure-handling issue's chaos suite: each scenario drives the real jars over HTTP with the
 * emulator as provider, breaks something, and then checks every job it got a 202 for: exactly one
 * terminal state, none lost, no second result, no model call after success. One stack serves all
 * scenarios; each checks only its own jobs and prints one summary line.
 */
@Tag("chaos")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ChaosIT {
  private static final Path ROOT = Path.of(System.getProperty("promptly.root", ".."));
  private static final Path LOGS =
      Path.of(System.getProperty("promptly.e2e.logs", "target/e2e-logs"));
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final int NORMAL_LATENCY_MS = 300;
  private static final Duration STEADY = Duration.ofMillis(50);
  private static final int LEARNED_RPM = 20;

  private ChaosStack stack;
  private PromptlyClient client;
  private EmulatorControl emulator;

  @BeforeAll
  void startStack() {
    stack = ChaosStack.start(ROOT, LOGS);
    client = stack.newTenantClient("chaos");
    emulator = stack.emulator();
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void startFromAWholeCalmStack() {
    stack.heal();
    emulator.reset();
    emulator.configure(Map.of("latency_ms", NORMAL_LATENCY_MS));
  }

  @Test
  @Order(1)
  void workerKilledMidJobLosesNoJobAndCallsNoModelTwice() {
    emulator.configure(Map.of("latency_ms", 1000));
    ChaosLedger ledger = new ChaosLedger("worker-kill", stack, client);
    ServiceProcess victim;
    List<String> held;
    int index;
    int unavailable;
    try (SubmitLoad load =
        SubmitLoad.start(client, ledger, n -> ChaosJobs.chat("kill", n, 10, 5), ms(25), 100)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(ms(50))
          // A load that ended first is reported below with its 503s, rather than as a timeout.
          .until(() -> ledger.running() >= 20 || load.isFinished());
      index = busiestWorker(ledger);
      victim = stack.workers().get(index);
      held = ledger.runningOn(victim);
      victim.kill();
      load.finish(Duration.ofSeconds(30));
      unavailable = load.unavailable();
    }
    // The dead worker stays down a few seconds: that downtime is the scenario, not a wait.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !victim.isAlive());
    stack.replaceWorker(index).awaitReady("/actuator/health/readiness", Duration.ofSeconds(150));

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("the killed worker held " + held.size() + " running jobs, 503s " + unavailable);
    report.assertNothingLostOrDoubled();
    assertThat(unavailable).as("503s while all but one worker were up").isZero();
    assertThat(held).as("jobs running on the killed worker").isNotEmpty();
    report.assertAllSucceeded();
  }

  @Test
  @Order(2)
  void providerOutageHoldsJobsBackWithoutUsingUpTheirAttempts() {
    emulator.configure(Map.of("outage", true));
    ChaosLedger ledger = new ChaosLedger("provider-outage", stack, client);
    try (SubmitLoad load =
        SubmitLoad.start(client, ledger, n -> ChaosJobs.chat("outage", n, 10, 5), STEADY, 30)) {
      load.finish(Duration.ofSeconds(30));
    }
    // The outage lasts 30 s, during which no job can have succeeded.
    await()
        .during(Duration.ofSeconds(30))
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ledger.jobs().stream().noneMatch(job -> job.status().equals("succeeded")));
    long refused = emulator.answered("outage");
    emulator.configure(Map.of("outage", false));

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("the provider refused " + refused + " calls during the outage");
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(report.jobs())
        .as("jobs that used more attempts than allowed")
        .filteredOn(
            job -> job.attempts() > job.maxAttempts() || job.attemptRows() > job.maxAttempts())
        .isEmpty();
  }

  @Test
  @Order(3)
  void rateLimitStormIsWaitedOutAsRetryAfterSays() {
    emulator.configure(Map.of("error_rate", 1.0, "error_status", 429));
    ChaosLedger ledger = new ChaosLedger("429-storm", stack, client);
    try (SubmitLoad load =
        SubmitLoad.start(client, ledger, n -> ChaosJobs.chat("storm", n, 10, 10), STEADY, 30)) {
      load.finish(Duration.ofSeconds(30));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(ms(500))
        .until(() -> ChaosJobs.everyJobFailedAtLeast(ledger, 2));
    long limited = emulator.answered("injected_error") + emulator.answered("rate_limited");
    emulator.configure(Map.of("error_rate", 0.0));

    ChaosReport report = ledger.settle(SETTLE);

    List<AttemptRow> attempts = ledger.attempts();
    List<String> early = ChaosJobs.retriesSoonerThan(attempts, ChaosJobs.RETRY_AFTER);
    report.detail(
        "the provider answered 429 to %d calls; shortest wait after one %d ms"
            .formatted(limited, ChaosJobs.shortestRetryGap(attempts).toMillis()));
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(early).as("retries sooner than Retry-After (%s)", ChaosJobs.RETRY_AFTER).isEmpty();
  }

  @Test
  @Order(4)
  void brokerRestartUnderLoadLosesNoJobAndRunsEachOnce() {
    ChaosLedger ledger = new ChaosLedger("broker-restart", stack, client);
    SubmitLoad load =
        SubmitLoad.start(client, ledger, n -> ChaosJobs.chat("broker", n, 10, 5), STEADY, 100_000);
    try (load) {
      awaitMoreAccepted(ledger, 20);
      stack.rabbit().stop();
      awaitMoreAccepted(ledger, 20);
      stack.rabbit().start();
      awaitMoreAccepted(ledger, 20);
    }

    ChaosReport report = ledger.settle(SETTLE);

    long calls = emulator.answered("ok");
    report.detail("model calls " + calls + ", 503s " + load.unavailable());
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(load.violations()).as("answers other than 202").isEmpty();
    assertThat(load.unavailable()).as("503s while only the broker was down").isZero();
    assertThat(calls).as("model calls, one per job").isEqualTo(report.accepted().size());
  }

  @Test
  @Order(5)
  void postgresRestartAnswers503MeanwhileAndLosesNoAcceptedJob() {
    ChaosLedger ledger = new ChaosLedger("postgres-restart", stack, client);
    SubmitLoad load =
        SubmitLoad.start(
            client, ledger, n -> ChaosJobs.chat("postgres", n, 10, 5), STEADY, 100_000);
    try (load) {
      awaitMoreAccepted(ledger, 20);
      stack.postgres().stop(StopMode.IMMEDIATE);
      await().atMost(Duration.ofSeconds(30)).until(() -> load.unavailable() >= 5);
      stack.postgres().start();
      // No help from the test: the API and the workers must find the database again themselves.
      awaitMoreAccepted(ledger, 20);
    }

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("503s while Postgres was down " + load.unavailable());
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(load.violations()).as("answers other than 202 or 503 with Retry-After").isEmpty();
  }

  @Test
  @Order(6)
  void slowProviderTimesOutRetriesAndLeavesNothingRunning() {
    emulator.configure(Map.of("latency_ms", 10 * NORMAL_LATENCY_MS));
    ChaosLedger ledger = new ChaosLedger("slow-provider", stack, client);
    // Attempts of 1 s against a 3 s provider time out; 10 s attempts wait it out. Timeouts are
    // provider faults, so the circuit opens and holds the 1 s jobs back (keeping their attempts)
    // until the provider is fast again: a 2-attempt job either ran out of attempts before the
    // circuit opened or succeeds afterwards, and nothing may hang.
    List<String> exhausted =
        ChaosJobs.submit(client, ledger, 10, n -> ChaosJobs.chat("slow-x", n, 1, 2));
    List<String> retried =
        ChaosJobs.submit(client, ledger, 10, n -> ChaosJobs.chat("slow-r", n, 1, 20));
    List<String> patient =
        ChaosJobs.submit(client, ledger, 10, n -> ChaosJobs.chat("slow-p", n, 10, 1));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(ms(500))
        .until(() -> jobsThatTimedOut(ledger) >= 10);
    Instant restored = Instant.now();
    emulator.configure(Map.of("latency_ms", NORMAL_LATENCY_MS));

    ChaosReport report = ledger.settle(SETTLE);

    report.detail(
        "jobs that timed out "
            + jobsThatTimedOut(ledger)
            + "; provider back to "
            + NORMAL_LATENCY_MS
            + " ms at "
            + restored);
    report.assertNothingLostOrDoubled();
    Map<String, JobRow> jobs = report.byId();
    assertThat(exhausted)
        .as("1 s jobs with 2 attempts succeed or end attempts_exhausted, never beyond 2 attempts")
        .allSatisfy(
            id -> {
              JobRow job = jobs.get(id);
              if (!job.status().equals("succeeded")) {
                assertThat(job.status()).as(id).isEqualTo("failed");
                assertThat(job.errorCode()).as(id).isEqualTo("attempts_exhausted");
              }
              assertThat(job.attempts()).as(id).isLessThanOrEqualTo(job.maxAttempts());
            });
    assertThat(retried)
        .as("1 s jobs with 20 attempts succeed once the provider is fast again")
        .allSatisfy(id -> assertThat(jobs.get(id).status()).isEqualTo("succeeded"));
    assertThat(patient)
        .as("10 s jobs succeed at the first attempt")
        .allSatisfy(id -> assertThat(jobs.get(id).attempts()).isEqualTo(1))
        .allSatisfy(id -> assertThat(jobs.get(id).status()).isEqualTo("succeeded"));
  }

  @Test
  @Order(7)
  void apiKilledWhileGroupsAreInFlightLosesNoAcceptedJob() {
    ChaosLedger ledger = new ChaosLedger("api-kill", stack, client);
    ServiceProcess victim = stack.api();
    // Hundreds of submissions a second, so the API's committers write groups, not single jobs.
    try (SubmitLoad load =
        SubmitLoad.start(client, ledger, n -> ChaosJobs.chat("api-kill", n, 10, 5), ms(2), 4000)) {
      awaitMoreAccepted(ledger, 200);
      victim.kill();
    }
    int acceptedBeforeTheKill = ledger.size();
    await().atMost(Duration.ofSeconds(5)).until(() -> !victim.isAlive());
    client = client.at(stack.replaceApi().baseUrl());
    ledger.askThrough(client);

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("jobs accepted before the kill " + acceptedBeforeTheKill);
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
  }

  @Test
  @Order(8)
  void workerKilledWithEndingsGatheredButUnwrittenRunsThoseJobsAgainOnce() throws SQLException {
    emulator.configure(Map.of("latency_ms", 1500));
    ChaosLedger ledger = new ChaosLedger("worker-kill-unwritten-endings", stack, client);
    ServiceProcess victim;
    int index;
    List<String> held;
    try (Connection lock = stack.connect();
        Connection watch = stack.connect()) {
      lock.setAutoCommit(false);
      try (SubmitLoad load =
          SubmitLoad.start(
              client, ledger, n -> ChaosJobs.chat("unwritten", n, 10, 5), ms(10), 80)) {
        // Row locks of the test's on the victim's running jobs: their calls answer, and their
        // endings are gathered by the victim's completer, whose batch then waits on the locks
        // (seen in pg_stat_activity); then the victim is killed before any of it commits.
        List<String> locked = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(ms(50))
            .until(
                () -> {
                  lock.rollback();
                  locked.clear();
                  locked.addAll(
                      lockRunningJobs(
                          lock, ledger.runningOn(stack.workers().get(busiestWorker(ledger)))));
                  return locked.size() >= 3;
                });
        held = List.copyOf(locked);
        index = workerRunning(ledger, held.getFirst());
        victim = stack.workers().get(index);
        await()
            .alias("a session of the killed worker waiting on the test's locks")
            .pollDelay(ms(1500))
            .atMost(Duration.ofSeconds(10))
            .until(() -> endingsWaitingOnLocks(watch) >= 1);
        victim.kill();
        load.finish(Duration.ofSeconds(30));
      }
      lock.rollback();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !victim.isAlive());
    stack.replaceWorker(index).awaitReady("/actuator/health/readiness", Duration.ofSeconds(150));

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("the killed worker held " + held.size() + " jobs whose endings were unwritten");
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(held).as("jobs locked on the killed worker").isNotEmpty();
    // The dead worker's endings never committed: each of those jobs was run again, and its first
    // attempt is recorded as abandoned, not as the success that was never written.
    List<AttemptRow> attempts = ledger.attempts();
    for (String id : held) {
      List<String> outcomes =
          attempts.stream()
              .filter(attempt -> attempt.jobId().equals(id))
              .map(AttemptRow::outcome)
              .toList();
      assertThat(outcomes).as("attempts of job %s", id).containsExactly("abandoned", "succeeded");
    }
  }

  /**
   * The workers' catalog sets no limit; the provider allows {@link #LEARNED_RPM} calls a minute and
   * gets a burst of twice that, once without its rate-limit headers (the workers learn nothing, as
   * before issue 17 item 6) and once with them. Learning must cost fewer 429s, and every job of
   * both phases succeeds once.
   */
  @Test
  @Order(9)
  @Timeout(value = 9, unit = TimeUnit.MINUTES)
  void limitLearnedFromHeadersSpendsFewer429sThanNoLearning() {
    ProviderLimitPhase without;
    ProviderLimitPhase learned;
    try {
      without = ProviderLimitPhase.run("limit-without-headers", stack, client, LEARNED_RPM, false);
      learned =
          ProviderLimitPhase.run("limit-learned-from-headers", stack, client, LEARNED_RPM, true);
    } finally {
      stack.forgetLearnedProviderLimits();
    }

    learned
        .report()
        .detail(
            "provider 429s: %d with learning, %d without"
                .formatted(learned.providerRateLimited(), without.providerRateLimited()));
    without.report().assertNothingLostOrDoubled();
    without.report().assertAllSucceeded();
    learned.report().assertNothingLostOrDoubled();
    learned.report().assertAllSucceeded();
    assertThat(without.providerRateLimited())
        .as("429s without learning: the burst was beyond the provider's limit")
        .isPositive();
    assertThat(learned.providerRateLimited())
        .as("429s with learning, against %d without", without.providerRateLimited())
        .isLessThan(without.providerRateLimited());
  }

  private int workerRunning(ChaosLedger ledger, String jobId) {
    List<ServiceProcess> workers = stack.workers();
    for (int i = 0; i < workers.size(); i++) {
      if (ledger.runningOn(workers.get(i)).contains(jobId)) {
        return i;
      }
    }
    throw new AssertionError("job " + jobId + " runs on no worker");
  }

  private static List<String> lockRunningJobs(Connection lock, List<String> ids)
      throws SQLException {
    List<String> locked = new ArrayList<>();
    try (PreparedStatement statement =
        lock.prepareStatement(
            "SELECT id FROM jobs WHERE id = ANY (?) AND status = 'running' ORDER BY id FOR UPDATE")) {
      statement.setArray(1, lock.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          locked.add(rs.getString(1));
        }
      }
    }
    return locked;
  }

  private static int endingsWaitingOnLocks(Connection watch) throws SQLException {
    try (PreparedStatement statement =
            watch.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    // The compare-and-set that every ending starts with.
                    + " AND query LIKE 'WITH moved AS (UPDATE jobs%'");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long jobsThatTimedOut(ChaosLedger ledger) {
    return ledger.attempts().stream()
        .filter(attempt -> "timeout".equals(attempt.errorCode()))
        .map(AttemptRow::jobId)
        .distinct()
        .count();
  }

  private void awaitMoreAccepted(ChaosLedger ledger, int more) {
    int target = ledger.size() + more;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(ms(50))
        .until(() -> ledger.size() >= target);
  }

  private int busiestWorker(ChaosLedger ledger) {
    List<ServiceProcess> workers = stack.workers();
    List<Integer> running = new ArrayList<>();
    workers.forEach(worker -> running.add(ledger.runningOn(worker).size()));
    return running.indexOf(running.stream().max(Integer::compare).orElseThrow());
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  @Test
  @Order(10)
  void aTenantCapOfTwoHoldsAcrossBothWorkers() {
    // More jobs than the two workers have consumers (64 each): the broker hands messages round
    // the consumers in turn, so both workers run some of them.
    emulator.configure(Map.of("latency_ms", 100));
    PromptlyClient capped = stack.newCappedTenantClient("capped", 2);
    ChaosLedger ledger = new ChaosLedger("tenant-cap", stack, capped);

    ChaosJobs.submit(capped, ledger, 160, n -> ChaosJobs.chat("cap", n, 10, 3));
    ChaosReport report = ledger.settle(SETTLE);

    List<AttemptRow> attempts = ledger.attempts();
    // The provider counts the calls it answers at once. The attempts' own times overstate it by
    // the moments between a claim's clock reading and its count of the tenant's running jobs.
    int most = emulator.mostInFlight();
    long workersUsed = attempts.stream().map(AttemptRow::workerId).distinct().count();
    report.detail(
        "most calls at once at the provider "
            + most
            + " (cap 2; "
            + mostAtOnce(attempts)
            + " from the attempts' times), on "
            + workersUsed
            + " workers");
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(most).isEqualTo(2);
    assertThat(workersUsed).as("workers that ran the capped tenant's jobs").isEqualTo(2);
    // Waiting for a slot used no attempt.
    assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.attempt()).isEqualTo(1));
  }

  @Test
  @Order(11)
  void anotherTenantsJobsStartWithinSecondsBehindOneTenantsBacklog() {
    // 128 consumers on 3 s calls drain about 43 jobs a second: most of the backlog still waits
    // when the other tenant comes.
    emulator.configure(Map.of("latency_ms", 3000));
    PromptlyClient busy = stack.newTenantClient("backlog");
    PromptlyClient small = stack.newTenantClient("small");
    ChaosLedger ledger = new ChaosLedger("fair-share", stack, busy);
    ChaosLedger smallLedger = new ChaosLedger("fair-share-small", stack, small);

    ChaosJobs.submitInParallel(busy, ledger, 1500, 8, n -> ChaosJobs.chat("backlog", n, 60, 3));
    Instant submitted = Instant.now();
    int backlogWaiting = 1500 - ledger.attempts().size();
    List<String> smallJobs =
        ChaosJobs.submit(small, smallLedger, 20, n -> ChaosJobs.chat("small", n, 60, 3));
    ChaosReport smallReport = smallLedger.settle(SETTLE);
    ChaosReport report = ledger.settle(SETTLE);

    Instant lastSmallStart =
        smallLedger.attempts().stream().map(AttemptRow::startedAt).max(Instant::compareTo).get();
    Instant lastBacklogStart =
        ledger.attempts().stream().map(AttemptRow::startedAt).max(Instant::compareTo).get();
    Duration smallWait = Duration.between(submitted, lastSmallStart);
    Duration backlogLeft = Duration.between(submitted, lastBacklogStart);
    report.detail(
        backlogWaiting
            + " of the backlog's jobs not started when 20 of another tenant came; all 20 started"
            + " within "
            + smallWait.toMillis()
            + " ms, the backlog's last "
            + backlogLeft.toMillis()
            + " ms after (window "
            + ChaosStack.TENANT_WINDOW
            + ")");
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    smallReport.assertNothingLostOrDoubled();
    smallReport.assertAllSucceeded();
    assertThat(smallJobs).hasSize(20);
    assertThat(backlogWaiting).as("the backlog still waiting").isGreaterThan(500);
    // Behind a window of 100 at 43 a second, not behind the whole backlog (25 s).
    assertThat(smallWait).as("the other tenant's last start").isLessThan(Duration.ofSeconds(6));
    assertThat(backlogLeft).as("the backlog's last start").isGreaterThan(smallWait.multipliedBy(2));
  }

  /** The most attempts that overlapped in time. */
  private static int mostAtOnce(List<AttemptRow> attempts) {
    int most = 0;
    for (AttemptRow attempt : attempts) {
      int running =
          (int)
              attempts.stream()
                  .filter(
                      other ->
                          !other.startedAt().isAfter(attempt.startedAt())
                              && other.finishedAt().isAfter(attempt.startedAt()))
                  .count();
      most = Math.max(most, running);
    }
    return most;
  }

  /**
   * A worker is killed ({@code kill -9}) after it asked the provider to create a batch and before
   * it recorded the answer: the emulator holds the answer back, and both workers are killed while
   * it does, since either may be the one asking. Their replacements find the batch by its file key
   * and adopt it: one provider batch per file of jobs, every job ends once.
   */
  @Test
  @Order(12)
  void workerKilledBetweenCreatingAProviderBatchAndRecordingItLeavesOneBatch() throws SQLException {
    emulator.configure(Map.of("batch_create_delay_ms", 8000, "batch_processing_ms", 300));
    ChaosLedger ledger = new ChaosLedger("provider-batch-worker-kill", stack, client);

    ChaosJobs.submit(
        client,
        ledger,
        20,
        n -> {
          Map<String, Object> job = new HashMap<>(ChaosJobs.chat("provider-batch", n, 30, 3));
          job.put("completion_window", "24h");
          return job;
        });
    await()
        .alias("the provider batch created, its answer held back")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(ms(100))
        .until(() -> emulator.batchesCreated() >= 1);
    List<String> states = providerBatchStates();
    for (ServiceProcess worker : stack.workers()) {
      worker.kill();
    }
    emulator.configure(Map.of("batch_create_delay_ms", 0));
    for (int i = 0; i < stack.workers().size(); i++) {
      stack.replaceWorker(i);
    }
    stack
        .workers()
        .forEach(w -> w.awaitReady("/actuator/health/readiness", Duration.ofSeconds(150)));

    ChaosReport report = ledger.settle(SETTLE);

    report.detail("provider batch states when the workers were killed: " + states);
    report.assertNothingLostOrDoubled();
    report.assertAllSucceeded();
    assertThat(states).as("a creation was not recorded yet").contains("uploaded");
    // Each file of jobs made one provider batch, the one killed mid-creation included.
    List<String> finalStates = providerBatchStates();
    assertThat(finalStates).isNotEmpty().containsOnly("completed");
    assertThat(emulator.batchesCreated())
        .as("provider batches created for %d files", finalStates.size())
        .isEqualTo(finalStates.size());
  }

  private List<String> providerBatchStates() throws SQLException {
    try (Connection db = stack.connect();
        var statement = db.prepareStatement("SELECT state FROM provider_batches ORDER BY id");
        ResultSet rows = statement.executeQuery()) {
      List<String> states = new ArrayList<>();
      while (rows.next()) {
        states.add(rows.getString(1));
      }
      return states;
    }
  }
}
