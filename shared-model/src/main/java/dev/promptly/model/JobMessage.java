package dev.promptly.model;

import java.util.Objects;

/**
 * The queue message that tells a worker to run a job. It identifies work; Postgres holds it, so the
 * prompt is never in the message.
 *
 * @param schemaVersion version of this envelope; a worker rejects versions it does not know
 * @param jobId the job to run
 * @param tenantId the job's tenant, for routing decisions without a database read
 * @param attempt which attempt this message starts, from 1
 * @param traceparent W3C trace context of the request that caused the message, or null
 * @param requestId the {@code X-Request-Id} of the request that created the job, or null
 */
public record JobMessage(
    int schemaVersion,
    String jobId,
    String tenantId,
    int attempt,
    String traceparent,
    String requestId) {
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public JobMessage {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schema_version must be positive");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
  }

  /** A message of the current schema version. */
  public static JobMessage of(
      String jobId, String tenantId, int attempt, String traceparent, String requestId) {
    return new JobMessage(CURRENT_SCHEMA_VERSION, jobId, tenantId, attempt, traceparent, requestId);
  }
}
