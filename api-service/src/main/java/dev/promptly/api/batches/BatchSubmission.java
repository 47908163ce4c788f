package dev.promptly.api.batches;

import dev.promptly.api.jobs.JobBulkWriter;
import java.util.List;
import java.util.Map;

/** A validated batch: its jobs in submission order and its options. */
record BatchSubmission(
    List<JobBulkWriter.Entry> jobs,
    String webhookUrl,
    Map<String, String> metadata,
    String completionWindow) {
  BatchSubmission {
    jobs = List.copyOf(jobs);
    metadata = Map.copyOf(metadata);
  }
}
