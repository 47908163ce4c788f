package dev.promptly.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.prompts.Prompt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The semantic cache with the emulator's real embeddings and pgvector in the test database. Each
 * test's jobs belong to a tenant of their own, so no test meets another's entries.
 */
class SemanticCacheIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String EMBEDDING_MODEL = "text-embedding-3-small";
  // 0.847 apart with the emulator's embeddings (see the README); "security" for "sales", 0.778.
  private static final String SALES = "Summarize the quarterly sales report for the board.";
  private static final String SALES_PARAPHRASE =
      "Summarise the quarterly sales report for the board, please.";

  @Autowired private SemanticStore store;
  @Autowired private SemanticCache cache;

  @Test
  void theTestDatabaseHoldsTheSemanticCache() {
    assertThat(store.isAvailable()).isTrue();
  }

  @Test
  void aParaphraseIsAnsweredWithTheEarlierAnswer() {
    TestJob first = run(semantic("Summarize the quarterly sales report for the board."));
    TestJob paraphrase =
        semanticJob(
            "Summarise the quarterly sales report for the board, please.", first.tenantId());

    JobRecord answered = run(paraphrase, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isTrue();
    assertThat(answered.costMicros()).isPositive();
    assertThat(EMULATOR.requests()).isEqualTo(1);
    JsonNode result = JSON.readTree(answered.resultJson());
    assertThat(result.get("cache_hit").asString()).isEqualTo("semantic");
    assertThat(result.get("text").asString())
        .isEqualTo(JSON.readTree(job(first).resultJson()).get("text").asString());
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND cached"
                    + " AND cache_hit = 'semantic' AND cost_micros = 0 AND saved_micros > 0",
                paraphrase.id()))
        .isEqualTo(1);
    assertThat(
            meters.counter("promptly.cache.hits", "model", "default", "kind", "semantic").count())
        .isPositive();
  }

  @Test
  void anUnrelatedRequestIsAModelCall() {
    TestJob first = run(semantic("Summarize the quarterly sales report."));
    TestJob unrelated = semanticJob("How do I bake sourdough bread at home?", first.tenantId());

    JobRecord answered = run(unrelated, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
    assertThat(JSON.readTree(answered.resultJson()).has("cache_hit")).isFalse();
  }

  @Test
  void oneTopicWordApartIsAModelCall() {
    TestJob first = run(semantic("Summarize the quarterly sales report for the board."));
    TestJob nearMiss =
        semanticJob("Summarize the quarterly security report for the board.", first.tenantId());

    JobRecord answered = run(nearMiss, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anotherTenantsIdenticalRequestMisses() {
    String text = "Summarize the quarterly sales report.";
    TestJob ofTenantA = run(semantic(text));
    TestJob ofTenantB = semantic(text);

    JobRecord answered = run(ofTenantB, JobStatus.SUCCEEDED);

    assertThat(ofTenantB.tenantId()).isNotEqualTo(ofTenantA.tenantId());
    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anExpiredEntryIsNotServed() {
    TestJob first = run(semantic(SALES));
    jdbc.sql(
            "UPDATE semantic_cache_entries SET expires_at = now() - interval '1 second'"
                + " WHERE tenant_id = ?")
        .param(first.tenantId())
        .update();
    TestJob again = semanticJob(SALES_PARAPHRASE, first.tenantId());

    JobRecord answered = run(again, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void pruningDropsExpiredEntries() {
    TestJob first = run(semantic("Summarize the quarterly sales report."));
    jdbc.sql(
            "UPDATE semantic_cache_entries SET expires_at = now() - interval '1 second'"
                + " WHERE tenant_id = ?")
        .param(first.tenantId())
        .update();

    int pruned = cache.prune(first.tenantId());

    assertThat(pruned).isEqualTo(1);
    assertThat(entriesOf(first.tenantId())).isZero();
  }

  @Test
  void aRefusedAnswerIsNeverKept() {
    String text = "Help me with the report [[refuse]]";
    TestJob refused = run(semantic(text));
    TestJob again = semanticJob(text, refused.tenantId());

    JobRecord answered = run(again, JobStatus.SUCCEEDED);

    assertThat(entriesOf(refused.tenantId())).isZero();
    assertThat(answered.cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  @Test
  void anAnswerCutAtMaxTokensIsNeverKept() {
    String text = "Write a long essay about the history of Lisbon and its many rivers.";
    TestJob cut = run(semantic(text, 0.0, 3));
    assertThat(JSON.readTree(job(cut).resultJson()).get("finish_reason").asString())
        .isEqualTo("length");
    TestJob again =
        aQueuedJob()
            .withInput(chat(text.replace("Write", "Please write"), 0.0, 3))
            .withCacheMode(CacheMode.SEMANTIC)
            .forTenant(cut.tenantId())
            .insert();

    JobRecord answered = run(again, JobStatus.SUCCEEDED);

    assertThat(entriesOf(cut.tenantId())).isZero();
    assertThat(answered.cached()).isFalse();
  }

  @Test
  void aSamplingRequestIsNotCachedUnlessItsTenantAllowsIt() {
    TestJob sampled = run(semantic(SALES, 0.7, 200));

    assertThat(entriesOf(sampled.tenantId())).isZero();

    allowAnyTemperature(sampled.tenantId());
    // The worker hears of the change when it commits, a moment later.
    Prompt sampling = new Prompt(List.of(new ChatMessage(ChatRole.USER, SALES)), 0.7, 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cache.accepts(sampled.tenantId(), CacheMode.SEMANTIC, sampling));
    TestJob allowed = run(semanticJob(SALES, 0.7, sampled.tenantId()));
    TestJob paraphrase = semanticJob(SALES_PARAPHRASE, 0.7, sampled.tenantId());
    JobRecord answered = run(paraphrase, JobStatus.SUCCEEDED);

    assertThat(entriesOf(allowed.tenantId())).isEqualTo(1);
    assertThat(answered.cached()).isTrue();
  }

  @Test
  void theEmbeddingIsBilledAndSettledInTheBudget() {
    TestJob probe = semantic("Summarize the quarterly sales report.");
    setBudget(probe.tenantId(), "monthly", 10_000_000);

    run(probe, JobStatus.SUCCEEDED);

    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND model = ?"
                    + " AND prompt_tokens > 0 AND cost_micros > 0 AND NOT cached",
                probe.id(),
                EMBEDDING_MODEL))
        .isEqualTo(1);
    long ledger =
        count("SELECT sum(cost_micros) FROM usage_ledger WHERE tenant_id = ?", probe.tenantId());
    long spent =
        count(
            "SELECT sum(spent_micros) FROM tenant_budget_periods WHERE tenant_id = ?",
            probe.tenantId());
    assertThat(spent).isEqualTo(ledger);
    // One reservation for the embedding, one for the chat, both settled.
    assertThat(
            count(
                "SELECT count(*) FROM budget_reservations WHERE job_id = ? AND settled_at IS NOT NULL",
                probe.id()))
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT sum(reserved_micros) FROM tenant_budget_periods WHERE tenant_id = ?",
                probe.tenantId()))
        .isZero();
  }

  @Test
  void aBudgetThatCannotHoldTheEmbeddingFailsTheJobBeforeAnyModelCall() {
    TestJob broke = semantic("Summarize the quarterly sales report.");
    setBudget(broke.tenantId(), "monthly", 0);

    JobRecord failed = run(broke, JobStatus.FAILED);

    assertThat(failed.errorCode()).isEqualTo("budget_exceeded");
    assertThat(failed.errorMessage()).contains("embedding");
    assertThat(EMULATOR.requests()).isZero();
  }

  @Test
  void aTenantMayUseTheSemanticCacheByDefault() {
    TestJob first = aQueuedJob().withInput(chat(SALES, 0.0, 200)).insert();
    jdbc.sql("UPDATE tenants SET semantic_cache_default = true WHERE id = ?")
        .param(first.tenantId())
        .update();
    run(first, JobStatus.SUCCEEDED);
    TestJob paraphrase =
        aQueuedJob()
            .withInput(chat(SALES_PARAPHRASE, 0.0, 200))
            .forTenant(first.tenantId())
            .insert();

    JobRecord answered = run(paraphrase, JobStatus.SUCCEEDED);

    assertThat(answered.cached()).isTrue();
  }

  private void allowAnyTemperature(String tenantId) {
    jdbc.sql("UPDATE tenants SET semantic_cache_any_temperature = true WHERE id = ?")
        .param(tenantId)
        .update();
  }

  private long entriesOf(String tenantId) {
    return count("SELECT count(*) FROM semantic_cache_entries WHERE tenant_id = ?", tenantId);
  }

  private TestJob semantic(String text) {
    return semantic(text, 0.0, 200);
  }

  private TestJob semantic(String text, double temperature, int maxTokens) {
    return aQueuedJob()
        .withInput(chat(text, temperature, maxTokens))
        .withCacheMode(CacheMode.SEMANTIC)
        .insert();
  }

  private TestJob semanticJob(String text, String tenantId) {
    return semanticJob(text, 0.0, tenantId);
  }

  private TestJob semanticJob(String text, double temperature, String tenantId) {
    return aQueuedJob()
        .withInput(chat(text, temperature, 200))
        .withCacheMode(CacheMode.SEMANTIC)
        .forTenant(tenantId)
        .insert();
  }

  private TestJob run(TestJob job) {
    run(job, JobStatus.SUCCEEDED);
    return job;
  }

  private JobRecord run(TestJob job, JobStatus status) {
    publish(job);
    return awaitStatus(job, status);
  }

  private static ChatInput chat(String text, double temperature, int maxTokens) {
    return new ChatInput(List.of(new ChatMessage(ChatRole.USER, text)), temperature, maxTokens);
  }
}
