package dev.promptly.worker.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.claims.JobRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One tenant's budget fits exactly K calls; ten times as many jobs race for it on two workers at
 * once: the worker context's listeners (6 consumers) take half of them from the queue, while 16
 * threads of this test run the other half directly, as a second worker would.
 */
class BudgetRaceIT extends WorkerIntegrationTest {
  private static final int K = 4;
  private static final int JOBS = 10 * K;
  // The model bills a micro-dollar per answer token and nothing for the prompt; an answer cut at
  // max_tokens costs exactly the reservation, so what one call settles never frees room for more.
  private static final int MAX_TOKENS = 5;
  private static final long WORST_CASE_MICROS = MAX_TOKENS;

  @Autowired JobRunner runner;

  @RepeatedTest(5)
  void aBudgetForKCallsAdmitsExactlyKOfTenTimesAsManyConcurrentJobs() throws Exception {
    LIMITED_EMULATOR.reset();
    LIMITED_EMULATOR.configure("{\"latency_ms\": 300}");
    double rejectionsBefore = meters.counter("promptly.budget.rejections").count();
    List<TestJob> batch = insertJobsOfOneTenant();
    String tenant = batch.getFirst().tenantId();
    long limit = K * WORST_CASE_MICROS;
    setBudget(tenant, "monthly", limit);

    raceOnTwoWorkers(batch);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT count(*) FROM jobs WHERE tenant_id = ? AND finished_at IS NOT NULL",
                        tenant)
                    == JOBS);
    long calls = LIMITED_EMULATOR.requests();
    long ledgerRows = count("SELECT count(*) FROM usage_ledger WHERE tenant_id = ?", tenant);
    long succeeded =
        count("SELECT count(*) FROM jobs WHERE tenant_id = ? AND status = 'succeeded'", tenant);
    long exceeded =
        count(
            "SELECT count(*) FROM jobs WHERE tenant_id = ? AND status = 'failed'"
                + " AND error_code = 'budget_exceeded'",
            tenant);
    long spent =
        count("SELECT coalesce(sum(cost_micros), 0) FROM usage_ledger WHERE tenant_id = ?", tenant);
    long reserved =
        count(
            "SELECT coalesce(sum(reserved_micros), 0) FROM tenant_budget_periods WHERE tenant_id = ?",
            tenant);
    System.out.printf(
        "budget race: K=%d submitted=%d calls=%d spent_micros=%d limit_micros=%d budget_exceeded=%d%n",
        K, JOBS, calls, spent, limit, exceeded);
    assertThat(calls).isEqualTo(K);
    assertThat(ledgerRows).isEqualTo(K);
    assertThat(succeeded).isEqualTo(K);
    assertThat(exceeded).isEqualTo(JOBS - K);
    assertThat(spent).isLessThanOrEqualTo(limit);
    assertThat(reserved).isZero();
    assertThat(meters.counter("promptly.budget.rejections").count() - rejectionsBefore)
        .isEqualTo(JOBS - K);
  }

  private List<TestJob> insertJobsOfOneTenant() {
    ChatInput input =
        new ChatInput(
            List.of(new ChatMessage(ChatRole.USER, "Say something long about budgets, please.")),
            0.5,
            MAX_TOKENS);
    List<TestJob> batch = new ArrayList<>();
    TestJob first = aQueuedJob().withInput(input).withModel("metered", "metered-model").insert();
    batch.add(first);
    for (int i = 1; i < JOBS; i++) {
      batch.add(
          aQueuedJob()
              .withInput(input)
              .withModel("metered", "metered-model")
              .forTenant(first.tenantId())
              .insert());
    }
    return batch;
  }

  private void raceOnTwoWorkers(List<TestJob> batch) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> direct = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < batch.size(); i++) {
        TestJob job = batch.get(i);
        if (i % 2 == 0) {
          direct.add(
              threads.submit(
                  () -> {
                    start.await();
                    return runner.run(job.message());
                  }));
        }
      }
      start.countDown();
      for (int i = 1; i < batch.size(); i += 2) {
        publish(batch.get(i));
      }
      for (Future<?> run : direct) {
        run.get();
      }
    }
  }
}
