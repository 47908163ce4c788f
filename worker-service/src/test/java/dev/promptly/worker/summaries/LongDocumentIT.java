package dev.promptly.worker.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LongDocumentIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void threeHundredPagesAreSummarizedInChunksAndSeveralReducePasses() {
    // The emulator enforces the same window as the catalog's: no call may exceed it.
    EMULATOR.configure("{\"context_windows\": {\"small-model\": 4096}}");
    String text = LongDocument.pages(300);
    TestJob job =
        aQueuedJob()
            .withModel("small", "small-model")
            .withInput(new SummarizeInput(text, SummaryStyle.BULLETS, 120))
            .withTimeoutSeconds(300)
            .insert();
    long start = System.nanoTime();

    publish(job);

    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> job(job).status(), status -> status.isTerminal());
    double seconds = (System.nanoTime() - start) / 1e9;
    JobRecord done = job(job);
    assertThat(done.status())
        .as("%s %s", done.errorCode(), done.errorMessage())
        .isEqualTo(JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    int chunks = result.get("chunks").asInt();
    int passes = result.get("passes").asInt();
    String summary = result.get("text").asString();
    System.out.printf(
        "long-document: chars=%d tokens=%d chunks=%d passes=%d seconds=%.1f%n",
        text.length(), tokens(text), chunks, passes, seconds);
    System.out.println("long-document summary:\n" + summary);
    assertThat(text.length()).isGreaterThan(500_000);
    assertThat(chunks).isGreaterThan(10);
    assertThat(passes - 1).as("reduce passes").isGreaterThanOrEqualTo(2);
    assertThat(result.get("model").asString()).isEqualTo("small-model");
    List<String> bullets = summary.lines().toList();
    assertThat(bullets).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("- "));
    assertThat(Arrays.stream(summary.split("\\s+")).count()).isLessThanOrEqualTo(120);
    assertThat(EMULATOR.refused("context_length_exceeded")).isZero();
  }

  @Test
  void everyCallOfALongSummaryHasALedgerRowAndTheJobIsTheirSum() {
    EMULATOR.configure("{\"context_windows\": {\"small-model\": 4096}}");
    TestJob job =
        aQueuedJob()
            .withModel("small", "small-model")
            .withInput(new SummarizeInput(LongDocument.pages(30), SummaryStyle.PARAGRAPH, 80))
            .withTimeoutSeconds(120)
            .insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    long calls = EMULATOR.answered();
    assertThat(result.get("chunks").asInt()).isGreaterThan(1);
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND model = 'small-model'",
                job.id()))
        .isEqualTo(calls);
    assertThat(count("SELECT sum(cost_micros) FROM usage_ledger WHERE job_id = ?", job.id()))
        .isEqualTo(done.costMicros());
    assertThat(count("SELECT sum(prompt_tokens) FROM usage_ledger WHERE job_id = ?", job.id()))
        .isEqualTo(done.promptTokens());
    List<String> events = events(job);
    assertThat(events).anyMatch(event -> event.startsWith("running>running: split into"));
    assertThat(events)
        .anyMatch(event -> event.equals("running>running: map 1/" + result.get("chunks").asInt()));
    assertThat(events).anyMatch(event -> event.startsWith("running>running: reduce pass 1"));
    assertThat(events.getLast()).startsWith("running>succeeded");
  }

  @Test
  void summaryIsSplitAndRetriedWhenTheProviderSaysTheContextIsExceeded() {
    // The catalog says 16,000 tokens; the provider takes 10,000.
    EMULATOR.configure("{\"context_windows\": {\"misjudged-model\": 10000}}");
    TestJob job =
        aQueuedJob()
            .withModel("misjudged", "misjudged-model")
            .withInput(new SummarizeInput(LongDocument.pages(35), SummaryStyle.TLDR, 40))
            .withTimeoutSeconds(120)
            .insert();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    assertThat(result.get("chunks").asInt()).isGreaterThan(1);
    assertThat(result.get("text").asString()).startsWith("TL;DR:");
    assertThat(EMULATOR.refused("context_length_exceeded")).isEqualTo(1);
    assertThat(events(job))
        .anyMatch(event -> event.contains("provider reported the context window exceeded"));
    assertThat(done.attempts()).isEqualTo(1);
  }

  private static int tokens(String text) {
    return Encodings.newLazyEncodingRegistry()
        .getEncoding(EncodingType.O200K_BASE)
        .countTokensOrdinary(text);
  }
}
