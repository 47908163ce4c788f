package dev.promptly.batches;

import java.time.Instant;

/**
 * A row of the {@code batches} table with its counts and usage, summed from its jobs when read.
 *
 * @param status {@code running}, {@code completed} or {@code cancelled}
 * @param completedAt when its last job ended; null while any job has not
 */
public record BatchRecord(
    String id,
    String tenantId,
    String status,
    String webhookUrl,
    String metadataJson,
    String completionWindow,
    Instant createdAt,
    Instant completedAt,
    Counts counts,
    Usage usage) {

  /** How many of the batch's jobs are in each status. */
  public record Counts(
      int total,
      int queued,
      int running,
      int retryScheduled,
      int succeeded,
      int failed,
      int cancelled) {

    /** Whether every job of the batch has ended. */
    public boolean allTerminal() {
      return queued + running + retryScheduled == 0;
    }
  }

  /** The usage of the batch's jobs, summed. */
  public record Usage(long promptTokens, long completionTokens, long costMicros) {}

  /** Whether the batch belongs to the tenant; other tenants' batches are invisible. */
  public boolean isOwnedBy(String tenant) {
    return tenantId.equals(tenant);
  }

  /** Whether it has completed; a completed batch cannot be cancelled. */
  public boolean isCompleted() {
    return "completed".equals(status);
  }
}
