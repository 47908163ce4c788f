package dev.promptly.worker.providerbatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobStatus;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.ProviderBatch;
import dev.promptly.worker.llm.ProviderBatchClients;
import dev.promptly.worker.llm.ProviderBatchLine;
import dev.promptly.worker.llm.ProviderBatchResult;
import dev.promptly.worker.llm.TokenEstimator;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs with completion window 24h through the emulator's Files + Batches endpoints, end to end: the
 * scheduled router of the shared context assembles, uploads, creates, polls and maps them back.
 */
class ProviderBatchRoutingIT extends WorkerIntegrationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Autowired ProviderBatchRouter router;
  @Autowired ProviderBatchStore store;
  @Autowired ProviderBatchClients clients;
  @Autowired ModelCatalog catalog;
  @Autowired PromptRenderer prompts;
  @Autowired BudgetLedger budgets;
  @Autowired EndingWriter endings;
  @Autowired JobDispatcher dispatcher;
  @Autowired JobStatusCache cache;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired WorkerId workerId;
  @Autowired ProviderBatchRoutingProperties properties;

  @AfterEach
  void resumeRouter() {
    router.pause(false);
  }

  private TestJob providerBatchJob(String tenant) {
    TestJob job =
        aQueuedJob().forTenant(tenant).withWebhookUrl("http://127.0.0.1:9/hooks/promptly").insert();
    jdbc.sql(
            "UPDATE jobs SET route = 'provider_batch', completion_window = '24h',"
                + " waiting_for = 'provider_batch', deadline_at = created_at + interval '24 hours'"
                + " WHERE id = ?")
        .param(job.id())
        .update();
    return job;
  }

  private String newTenant() {
    return aQueuedJob().insert().tenantId();
  }

  private JobRecord awaitEnded(TestJob job, JobStatus status) {
    await()
        .atMost(PATIENCE)
        .until(() -> jobs.find(job.id()).orElseThrow().status(), s -> s == status);
    return jobs.find(job.id()).orElseThrow();
  }

  private String providerBatchOf(TestJob job) {
    return jdbc.sql("SELECT provider_batch_id FROM jobs WHERE id = ?")
        .param(job.id())
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private String stateOf(String providerBatch) {
    return jdbc.sql("SELECT state FROM provider_batches WHERE id = ?")
        .param(providerBatch)
        .query(String.class)
        .single();
  }

  /** The emulator's batches created with this file key. */
  private static List<JsonNode> emulatorBatchesWithKey(String fileKey) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(EMULATOR.baseUrl() + "/batches?limit=100"))
                    .header("Authorization", "Bearer test")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    List<JsonNode> found = new ArrayList<>();
    JsonMapper.builder()
        .build()
        .readTree(response.body())
        .path("data")
        .values()
        .forEach(
            batch -> {
              if (fileKey.equals(batch.path("metadata").path("promptly_file_key").asString(""))) {
                found.add(batch);
              }
            });
    return found;
  }

  private long worstCaseBatchCost(ModelSpec spec, JobRecord job) {
    Prompt prompt = prompts.render(job.input());
    int promptTokens = new TokenEstimator().promptTokens(prompt.messages());
    int answer =
        prompt.maxTokens() != null ? prompt.maxTokens() : spec.contextWindow() - promptTokens;
    return spec.batchCostMicros(promptTokens, answer);
  }

  @Test
  void roundTripEndsEveryJobAtTheBatchPriceWithItsBudgetHeldAtThatPrice() {
    String tenant = newTenant();
    setBudget(tenant, "monthly", 10_000_000);
    List<TestJob> submitted = List.of(providerBatchJob(tenant), providerBatchJob(tenant));
    ModelSpec spec = catalog.resolve("default").orElseThrow();
    long expectedHold = worstCaseBatchCost(spec, job(submitted.get(0)));

    for (TestJob each : submitted) {
      JobRecord done = awaitEnded(each, JobStatus.SUCCEEDED);
      assertThat(done.route()).isEqualTo(JobRecord.PROVIDER_BATCH);
      assertThat(done.resultJson()).contains("\"text\"");
      assertThat(done.attempts()).isEqualTo(1);
      assertThat(done.waitingFor()).isNull();
      long live = spec.costMicros(done.promptTokens(), done.completionTokens());
      long batch = spec.batchCostMicros(done.promptTokens(), done.completionTokens());
      assertThat(batch).isLessThan(live);
      assertThat(done.costMicros()).isEqualTo(batch);
      Map<String, Object> ledger =
          jdbc.sql("SELECT cost_micros, saved_micros, route FROM usage_ledger WHERE job_id = ?")
              .param(each.id())
              .query()
              .singleRow();
      assertThat(ledger)
          .containsEntry("cost_micros", batch)
          .containsEntry("saved_micros", live - batch)
          .containsEntry("route", "provider_batch");
      assertThat(count("SELECT amount_micros FROM budget_reservations WHERE job_id = ?", each.id()))
          .isEqualTo(expectedHold);
      assertThat(
              jdbc.sql("SELECT type FROM webhook_events WHERE job_id = ?")
                  .param(each.id())
                  .query(String.class)
                  .list())
          .containsExactly("job.succeeded");
      assertThat(events(each))
          .endsWith(
              "queued>running: provider batch " + providerBatchOf(each) + " answered",
              "running>succeeded: succeeded on gpt-4o-mini");
    }
    String providerBatch = providerBatchOf(submitted.get(0));
    assertThat(stateOf(providerBatch)).isEqualTo("completed");
    assertThat(count("SELECT spent_micros FROM tenant_budget_periods WHERE tenant_id = ?", tenant))
        .isEqualTo(count("SELECT sum(cost_micros) FROM usage_ledger WHERE tenant_id = ?", tenant));
    assertThat(
            count("SELECT reserved_micros FROM tenant_budget_periods WHERE tenant_id = ?", tenant))
        .isZero();
    assertThat(count("SELECT count(*) FROM job_dispatches WHERE job_id = ?", submitted.get(0).id()))
        .isZero();
    assertThat(
            meters
                .counter("promptly.provider_batches.saved_micros", "model", "gpt-4o-mini")
                .count())
        .isPositive();
  }

  @Test
  void failedLineIsRetriedLiveAndSucceeds() {
    String tenant = newTenant();
    TestJob failing = providerBatchJob(tenant);
    TestJob fine = providerBatchJob(tenant);
    EMULATOR.configure("{\"batch_fail_custom_ids\": [\"" + failing.id() + "\"]}");

    JobRecord ok = awaitEnded(fine, JobStatus.SUCCEEDED);
    JobRecord retried = awaitEnded(failing, JobStatus.SUCCEEDED);

    assertThat(ok.route()).isEqualTo(JobRecord.PROVIDER_BATCH);
    assertThat(retried.route()).isEqualTo(JobRecord.LIVE);
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(events(failing))
        .anyMatch(e -> e.startsWith("running>retry_scheduled:"))
        .last()
        .asString()
        .startsWith("running>succeeded");
    assertThat(
            jdbc.sql("SELECT route FROM usage_ledger WHERE job_id = ?")
                .param(failing.id())
                .query(String.class)
                .list())
        .containsExactly("live");
  }

  @Test
  void jobWhoseFileHasNotAnsweredBeforeItsDeadlineRunsLiveAndTheEmptyBatchIsCancelled() {
    EMULATOR.configure("{\"batch_never_finish\": true}");
    TestJob job = providerBatchJob(newTenant());
    await().atMost(PATIENCE).until(() -> providerBatchOf(job) != null);
    String providerBatch = providerBatchOf(job);
    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("submitted"));

    // Its deadline comes within the fallback margin (1 h) of now.
    jdbc.sql("UPDATE jobs SET deadline_at = now() + interval '30 minutes' WHERE id = ?")
        .param(job.id())
        .update();

    JobRecord done = awaitEnded(job, JobStatus.SUCCEEDED);
    assertThat(done.route()).isEqualTo(JobRecord.LIVE);
    assertThat(providerBatchOf(job)).isNull();
    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("cancelled"));
    assertThat(
            jdbc.sql("SELECT route FROM usage_ledger WHERE job_id = ?")
                .param(job.id())
                .query(String.class)
                .list())
        .containsExactly("live");
  }

  @Test
  void cancellingEveryLineCancelsTheProviderBatchAndReleasesTheBudget() {
    EMULATOR.configure("{\"batch_never_finish\": true}");
    String tenant = newTenant();
    setBudget(tenant, "monthly", 10_000_000);
    TestJob first = providerBatchJob(tenant);
    TestJob second = providerBatchJob(tenant);
    await()
        .atMost(PATIENCE)
        .until(() -> providerBatchOf(first) != null && providerBatchOf(second) != null);
    String providerBatch = providerBatchOf(first);
    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("submitted"));

    cancel(first);
    // One line is still open: the provider batch runs on.
    await().during(Duration.ofMillis(600)).until(() -> stateOf(providerBatch).equals("submitted"));
    cancel(second);

    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("cancelled"));
    assertThat(job(first).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(job(second).status()).isEqualTo(JobStatus.CANCELLED);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                    "SELECT reserved_micros FROM tenant_budget_periods WHERE tenant_id = ?",
                    tenant),
            reserved -> reserved == 0);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE tenant_id = ?", tenant)).isZero();
  }

  @Test
  void aCancelledJobsLineIsDiscardedWhileTheOtherLinesEnd() {
    EMULATOR.configure("{\"batch_processing_ms\": 1500}");
    String tenant = newTenant();
    TestJob cancelled = providerBatchJob(tenant);
    TestJob kept = providerBatchJob(tenant);
    await()
        .atMost(PATIENCE)
        .until(() -> providerBatchOf(cancelled) != null && providerBatchOf(kept) != null);
    String providerBatch = providerBatchOf(cancelled);
    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("submitted"));
    double discardedBefore =
        meters.counter("promptly.provider_batches.lines", "outcome", "discarded").count();

    cancel(cancelled);

    awaitEnded(kept, JobStatus.SUCCEEDED);
    await().atMost(PATIENCE).until(() -> stateOf(providerBatch).equals("completed"));
    assertThat(job(cancelled).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(job(cancelled).resultJson()).isNull();
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", cancelled.id()))
        .isZero();
    assertThat(meters.counter("promptly.provider_batches.lines", "outcome", "discarded").count())
        .isEqualTo(discardedBefore + 1);
  }

  @Test
  void aLineTheProviderRejectsFailsTheJobWithItsCode() {
    EMULATOR.configure("{\"context_window\": 64}");
    TestJob job = providerBatchJob(newTenant());

    JobRecord failed = awaitEnded(job, JobStatus.FAILED);

    assertThat(failed.errorCode()).isEqualTo("context_length_exceeded");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM dead_letters WHERE job_id = ?", job.id())).isEqualTo(1);
  }

  /** As the API cancels a queued job. */
  private void cancel(TestJob job) {
    assertThat(
            jobs.transition(
                job.id(),
                JobStatus.QUEUED,
                JobStatus.CANCELLED,
                JobChanges.none().set("finished_at", clock.instant()),
                "cancelled by client"))
        .isTrue();
  }

  @Test
  void workerThatDiesBetweenUploadAndCreateLeavesOneProviderBatchAndEveryJobEndsOnce()
      throws Exception {
    crashAndRecover(false);
  }

  @Test
  void workerThatDiesAfterCreatingBeforeRecordingItLeavesOneProviderBatch() throws Exception {
    crashAndRecover(true);
  }

  private void crashAndRecover(boolean createBeforeDying) throws Exception {
    router.pause(true);
    AtomicInteger creates = new AtomicInteger();
    ProviderBatchApi real = ProviderBatchApi.of(clients);
    ProviderBatchRouter dying =
        new ProviderBatchRouter(
            store,
            new Dying(real, createBeforeDying, creates),
            catalog,
            prompts,
            budgets,
            jobs,
            endings,
            dispatcher,
            cache,
            new TransactionTemplate(transactionManager),
            workerId,
            new ProviderBatchRoutingProperties(
                true,
                1000,
                Duration.ZERO,
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                Duration.ofMinutes(2),
                // It dies in its first create: it never tries again.
                Duration.ofHours(1),
                Duration.ofHours(1),
                Duration.ofMinutes(5)),
            meters,
            clock);
    String tenant = newTenant();
    List<TestJob> submitted =
        List.of(providerBatchJob(tenant), providerBatchJob(tenant), providerBatchJob(tenant));

    dying.assemble();
    String providerBatch = providerBatchOf(submitted.get(0));
    assertThat(providerBatch).isNotNull();
    dying.runDueSteps();
    assertThat(creates.get()).isEqualTo(1);
    assertThat(stateOf(providerBatch)).isEqualTo("uploaded");
    String fileKey =
        jdbc.sql("SELECT file_key FROM provider_batches WHERE id = ?")
            .param(providerBatch)
            .query(String.class)
            .single();
    assertThat(emulatorBatchesWithKey(fileKey)).hasSize(createBeforeDying ? 1 : 0);
    // The dead worker's lease on the row runs out; the scheduled router takes over.
    jdbc.sql("UPDATE provider_batches SET next_poll_at = now() WHERE id = ?")
        .param(providerBatch)
        .update();
    router.pause(false);

    for (TestJob each : submitted) {
      awaitEnded(each, JobStatus.SUCCEEDED);
      assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", each.id()))
          .isEqualTo(1);
      assertThat(
              count(
                  "SELECT count(*) FROM job_events WHERE job_id = ? AND to_status = 'succeeded'",
                  each.id()))
          .isEqualTo(1);
    }
    assertThat(stateOf(providerBatch)).isEqualTo("completed");
    assertThat(emulatorBatchesWithKey(fileKey)).hasSize(1);
  }

  /** A provider API whose worker dies in the create step: before the call, or after it. */
  private record Dying(ProviderBatchApi real, boolean createFirst, AtomicInteger creates)
      implements ProviderBatchApi {
    @Override
    public String upload(ModelSpec spec, List<ProviderBatchLine> lines) {
      return real.upload(spec, lines);
    }

    @Override
    public ProviderBatch create(
        ModelSpec spec, String inputFileId, String fileKey, Map<String, String> m) {
      creates.incrementAndGet();
      if (createFirst) {
        real.create(spec, inputFileId, fileKey, m);
      }
      throw new IllegalStateException("kill -9");
    }

    @Override
    public Optional<ProviderBatch> findByFileKey(ModelSpec spec, String fileKey, Instant since) {
      return real.findByFileKey(spec, fileKey, since);
    }

    @Override
    public ProviderBatch retrieve(ModelSpec spec, String batchId) {
      return real.retrieve(spec, batchId);
    }

    @Override
    public ProviderBatch cancel(ModelSpec spec, String batchId) {
      return real.cancel(spec, batchId);
    }

    @Override
    public Stream<ProviderBatchResult> download(ModelSpec spec, String fileId) {
      return real.download(spec, fileId);
    }
  }
}
