package dev.promptly.jobstore;

import dev.promptly.model.CacheMode;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobInputCodec;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.model.WaitingFor;
import java.time.Instant;

/**
 * A row of the {@code jobs} table. {@code inputJson}, {@code resultJson} and {@code metadataJson}
 * are the stored JSON documents as text; {@code waitingFor} is null when nothing holds the job
 * back; {@code batchId} and {@code customId} are null for a job submitted on its own; {@code route}
 * is how the job runs: {@code live} or {@code provider_batch} (completion window 24h).
 */
public record JobRecord(
    String id,
    String tenantId,
    JobKind kind,
    JobStatus status,
    String modelAlias,
    String model,
    Priority priority,
    CacheMode cacheMode,
    String inputJson,
    String metadataJson,
    String webhookUrl,
    int maxAttempts,
    int attempts,
    int timeoutSeconds,
    String resultJson,
    String errorCode,
    String errorMessage,
    int promptTokens,
    int completionTokens,
    long costMicros,
    boolean cached,
    boolean cancelRequested,
    String workerId,
    Instant leaseExpiresAt,
    String requestId,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant finishedAt,
    WaitingFor waitingFor,
    OnBudgetExhausted onBudgetExhausted,
    String batchId,
    String customId,
    String route) {

  /** The route of a job that calls the model itself. */
  public static final String LIVE = "live";

  /** The route of a job run through the provider's batch API. */
  public static final String PROVIDER_BATCH = "provider_batch";

  /** The job's input, decoded. */
  public JobInput input() {
    return JobInputCodec.decode(kind, inputJson);
  }

  /** Whether the job belongs to the tenant; other tenants' jobs are invisible, never forbidden. */
  public boolean isOwnedBy(String tenant) {
    return tenantId.equals(tenant);
  }
}
