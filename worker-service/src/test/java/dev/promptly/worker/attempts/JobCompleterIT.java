package dev.promptly.worker.attempts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.budgets.Reservation;
import dev.promptly.worker.calls.JobAnswer;
import dev.promptly.worker.calls.Usage;
import dev.promptly.worker.claims.RunOutcome;
import dev.promptly.worker.leases.LeaseReaper;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.ChatCompletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Endings written together by the completer. To make a batch on purpose, the first ending is held
 * on a row lock of the test's; the endings that arrive meanwhile wait, and the completer takes them
 * all in its next batch.
 */
class JobCompleterIT extends WorkerIntegrationTest {
  @Autowired JobCompleter completer;
  @Autowired EndingWriter endings;
  @Autowired LeaseReaper reaper;
  @Autowired WorkerId me;
  @Autowired ModelCatalog catalog;
  @Autowired DataSource dataSource;
  @Autowired BudgetLedger budgets;

  @Test
  void aBatchCommitsTogetherAndALostCompareAndSetLosesOnlyItsOwnEnding() throws Exception {
    TestJob blocker = running();
    List<TestJob> batch = List.of(running(), running(), running());
    TestJob stolen = batch.get(2);

    List<CompletableFuture<RunOutcome>> outcomes;
    CompletableFuture<RunOutcome> blocked;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement statement =
          lock.prepareStatement("SELECT 1 FROM jobs WHERE id = ? FOR UPDATE")) {
        statement.setString(1, blocker.id());
        statement.executeQuery().close();
      }
      blocked = CompletableFuture.supplyAsync(() -> succeed(blocker), threads);
      await().atMost(Duration.ofSeconds(10)).until(() -> completer.waiting() == 0);
      outcomes =
          batch.stream()
              .map(job -> CompletableFuture.supplyAsync(() -> succeed(job), threads))
              .toList();
      await().atMost(Duration.ofSeconds(10)).until(() -> completer.waiting() == batch.size());
      // The reaper of another worker takes the job back while its ending waits.
      jdbc.sql("UPDATE jobs SET worker_id = 'someone-else' WHERE id = :id")
          .param("id", stolen.id())
          .update();

      lock.commit();
      assertThat(blocked.join()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    assertThat(outcomes.stream().map(CompletableFuture::join).toList())
        .containsExactly(RunOutcome.SUCCEEDED, RunOutcome.SUCCEEDED, RunOutcome.LOST);
    assertThat(job(batch.get(0)).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job(batch.get(1)).status()).isEqualTo(JobStatus.SUCCEEDED);
    JobRecord lost = job(stolen);
    assertThat(lost.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(lost.workerId()).isEqualTo("someone-else");
    // Charged once each, the ending that lost too: its call was made and billed.
    assertThat(ledgerRowsOf(batch.get(0))).isEqualTo(1);
    assertThat(ledgerRowsOf(batch.get(1))).isEqualTo(1);
    assertThat(ledgerRowsOf(stolen)).isEqualTo(1);
    // One transaction wrote both: the rows carry the same transaction id.
    assertThat(
            jdbc.sql("SELECT count(DISTINCT xmin::text) FROM jobs WHERE id IN (:a, :b)")
                .param("a", batch.get(0).id())
                .param("b", batch.get(1).id())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  private TestJob running() {
    return aQueuedJob().heldBy(me.value(), clock.instant().plus(Duration.ofMinutes(5))).insert();
  }

  @Test
  void aJobsMessageIsAcknowledgedOnlyAfterItsEndingCommits() throws Exception {
    EMULATOR.configure("{\"latency_ms\": 1500}");
    TestJob job = aQueuedJob().insert();
    publish(job);
    awaitStatus(job, JobStatus.RUNNING);

    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement statement =
          lock.prepareStatement("SELECT 1 FROM jobs WHERE id = ? FOR UPDATE")) {
        statement.setString(1, job.id());
        statement.executeQuery().close();
      }
      // The model has answered and the completer's batch waits on the test's row lock.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  count(
                      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                          + " AND wait_event_type = 'Lock'"),
              waiting -> waiting == 1);
      assertThat(job(job).status()).isEqualTo(JobStatus.RUNNING);
      assertThat(SERVICES.unacknowledgedMessages()).isEqualTo(1);

      lock.commit();
    }

    awaitStatus(job, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(SERVICES::unacknowledgedMessages, unacknowledged -> unacknowledged == 0);
  }

  @Test
  void theReaperAndALiveWorkerEndingTheSameJobMakeOneEndingAndOneWebhookEvent() throws Exception {
    // Each job's lease has run out while its worker (this one) is about to write its success, and
    // no attempt is left: the reaper's ending is a failure, the worker's a success; both terminal.
    List<TestJob> contested =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(
                i ->
                    aQueuedJob()
                        .withMaxAttempts(1)
                        .withWebhookUrl("https://hooks.example.com/promptly")
                        .heldBy(me.value(), clock.instant().minusSeconds(1))
                        .insert())
            .toList();

    List<CompletableFuture<RunOutcome>> endingsOfTheWorker;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch start = new CountDownLatch(1);
      endingsOfTheWorker =
          contested.stream()
              .map(
                  job ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            awaitQuietly(start);
                            return succeed(job);
                          },
                          threads))
              .toList();
      CompletableFuture<?> reaped =
          CompletableFuture.runAsync(
              () -> {
                awaitQuietly(start);
                reaper.reapExpired();
              },
              threads);
      start.countDown();
      reaped.join();
    }

    for (int i = 0; i < contested.size(); i++) {
      TestJob job = contested.get(i);
      RunOutcome worker = endingsOfTheWorker.get(i).join();
      JobRecord ended = job(job);
      List<String> events =
          jdbc.sql("SELECT type FROM webhook_events WHERE job_id = :id")
              .param("id", job.id())
              .query(String.class)
              .list();
      if (worker == RunOutcome.SUCCEEDED) {
        assertThat(ended.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(events).containsExactly("job.succeeded");
        assertThat(ledgerRowsOf(job)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dead_letters WHERE job_id = ?", job.id())).isZero();
      } else {
        assertThat(worker).isEqualTo(RunOutcome.LOST);
        assertThat(ended.status()).isEqualTo(JobStatus.FAILED);
        assertThat(events).containsExactly("job.failed");
        // The reaper charges nothing; the worker whose call was billed charges it, once.
        assertThat(ledgerRowsOf(job)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM dead_letters WHERE job_id = ?", job.id()))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void theLedgerAndTheBudgetAgreeAfterARunWithLostRaces() throws Exception {
    String tenant = aQueuedJob().insert().tenantId();
    setDailyBudget(tenant, 10_000_000);
    // Half the jobs lose their lease to the reaper while their worker writes their success.
    List<TestJob> jobs =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(
                i ->
                    aQueuedJob()
                        .forTenant(tenant)
                        .withMaxAttempts(1)
                        .heldBy(
                            me.value(),
                            i % 2 == 0
                                ? clock.instant().minusSeconds(1)
                                : clock.instant().plus(Duration.ofMinutes(5)))
                        .insert())
            .toList();

    List<CompletableFuture<RunOutcome>> outcomes;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch start = new CountDownLatch(1);
      outcomes =
          jobs.stream()
              .map(
                  job ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            AttemptSpend spend = reservedSpend(job, 2_000, 1_500);
                            awaitQuietly(start);
                            return succeed(job, spend);
                          },
                          threads))
              .toList();
      CompletableFuture<?> reaped =
          CompletableFuture.runAsync(
              () -> {
                awaitQuietly(start);
                reaper.reapExpired();
              },
              threads);
      start.countDown();
      reaped.join();
    }

    assertThat(outcomes.stream().map(CompletableFuture::join)).contains(RunOutcome.SUCCEEDED);
    long ledger =
        jdbc.sql("SELECT coalesce(sum(cost_micros), 0) FROM usage_ledger WHERE tenant_id = ?")
            .param(tenant)
            .query(Long.class)
            .single();
    assertThat(ledger).isEqualTo(20 * 1_500L);
    assertThat(
            jdbc.sql(
                    "SELECT spent_micros || '/' || reserved_micros FROM tenant_budget_periods"
                        + " WHERE tenant_id = ?")
                .param(tenant)
                .query(String.class)
                .single())
        .isEqualTo(ledger + "/0");
  }

  /**
   * An attempt's spend whose one call held {@code reserved} of the budget and cost {@code cost}.
   */
  private AttemptSpend reservedSpend(TestJob job, long reserved, long cost) {
    ModelSpec spec = catalog.resolve("default").orElseThrow();
    Reservation reservation =
        budgets
            .reserve(job.tenantId(), job.id(), 1, reserved, Duration.ofSeconds(30))
            .orElseThrow();
    AttemptSpend spend = new AttemptSpend();
    spend.add(new Usage(spec.model(), 12, 3, cost, false, Duration.ofMillis(5), reservation));
    return spend;
  }

  private void setDailyBudget(String tenant, long limitMicros) {
    var now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
    jdbc.sql(
            "INSERT INTO tenant_budgets (tenant_id, period, limit_micros, created_at, updated_at)"
                + " VALUES (?, 'daily', ?, ?, ?)")
        .params(tenant, limitMicros, now, now)
        .update();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private RunOutcome succeed(TestJob test) {
    ModelSpec spec = catalog.resolve("default").orElseThrow();
    AttemptSpend spend = new AttemptSpend();
    spend.add(
        Usage.of(
            new ChatCompletion("done", "stop", 12, 3),
            spec,
            Duration.ofMillis(5),
            Reservation.UNLIMITED));
    return succeed(test, spend);
  }

  private RunOutcome succeed(TestJob test, AttemptSpend spend) {
    ModelSpec spec = catalog.resolve("default").orElseThrow();
    JobRecord job = job(test);
    return endings.write(
        job,
        test.message(job.attempts()),
        spend,
        new AttemptEnding.Succeeded(new JobAnswer(spec, "done", "stop", null, null, null)));
  }

  private long ledgerRowsOf(TestJob job) {
    return count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id());
  }
}
