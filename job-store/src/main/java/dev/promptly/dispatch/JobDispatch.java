package dev.promptly.dispatch;

import java.time.Instant;

/**
 * One row of the outbox: a job message that must reach the broker once {@code notBefore} has
 * passed.
 */
public record JobDispatch(
    long id,
    String jobId,
    String tenantId,
    int attempt,
    String routingKey,
    String traceparent,
    String requestId,
    Instant notBefore) {}
