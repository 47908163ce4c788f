package dev.promptly.worker.webhooks;

import java.time.Instant;

/**
 * A webhook event this worker holds until {@code lockedUntil}: the lease that also identifies the
 * claim, so an outcome is only written by the worker that still holds it.
 *
 * @param body the frozen body, or null before the first attempt
 * @param traceparent the job's trace (from its latest dispatch), continued by the delivery span
 */
record ClaimedEvent(
    String id,
    String jobId,
    String tenantId,
    String type,
    String url,
    String body,
    int attempts,
    Instant createdAt,
    Instant lockedUntil,
    String traceparent) {}
