package dev.promptly.worker.summaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DraftModelIT extends WorkerIntegrationTest {

  @Test
  void theDraftModelSummarizesTheChunksAndTheJobsModelTheWhole() {
    TestJob job =
        aQueuedJob()
            .withModel("finisher", "finisher-model")
            .withInput(new SummarizeInput(LongDocument.pages(12), SummaryStyle.BULLETS, 120))
            .withTimeoutSeconds(120)
            .insert();

    publish(job);

    await().atMost(Duration.ofMinutes(1)).until(() -> job(job).status().isTerminal());
    JobRecord done = job(job);
    assertThat(done.status())
        .as("%s %s", done.errorCode(), done.errorMessage())
        .isEqualTo(JobStatus.SUCCEEDED);
    long chunks = calls(job, "drafter-model");
    assertThat(chunks).isGreaterThan(1);
    assertThat(calls(job, "finisher-model")).isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND cost_micros > 0"
                    + " AND model IN ('drafter-model', 'finisher-model')",
                job.id()))
        .isEqualTo(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id()));
    assertThat(done.costMicros())
        .isEqualTo(count("SELECT sum(cost_micros) FROM usage_ledger WHERE job_id = ?", job.id()));
  }

  private long calls(TestJob job, String model) {
    return count(
        "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND model = ?", job.id(), model);
  }
}
