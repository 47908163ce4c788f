package dev.promptly.worker.webhooks;

import java.time.Instant;

/**
 * A webhook event this worker holds until {@code lockedUntil}: the lease that also identifies the
 * claim, so an outcome is only written by the worker that still holds it.
 *
 * @param jobId the job of a job's event; null for a batch's event ({@code batch.completed})
 * @param batchId the batch of a batch's event; null for a job's event
 * @param body the frozen body (a batch's event is written with it), or null before the first
 *     attempt
 * @param traceparent the job's trace (from its latest dispatch), continued by the delivery span
 */
record ClaimedEvent(
    String id,
    String jobId,
    String batchId,
    String tenantId,
    String type,
    String url,
    String body,
    int attempts,
    Instant createdAt,
    Instant lockedUntil,
    String traceparent) {

  /** What the event is about, for logs: "job job_…" or "batch batch_…". */
  String subject() {
    return jobId != null ? "job " + jobId : "batch " + batchId;
  }
}
