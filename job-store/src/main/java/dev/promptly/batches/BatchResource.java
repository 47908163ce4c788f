package dev.promptly.batches;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.promptly.jobstore.JobResource;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The batch as the API shows it (API.md, "Batches"), and as its webhook's data. */
@Schema(name = "Batch")
@JsonPropertyOrder({
  "id",
  "object",
  "status",
  "counts",
  "usage",
  "completion_window",
  "metadata",
  "webhook_url",
  "created_at",
  "completed_at"
})
public record BatchResource(
    @JsonProperty("id") @Schema(example = "batch_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6") String id,
    @JsonProperty("object") @Schema(allowableValues = "batch") String object,
    @JsonProperty("status")
        @Schema(
            allowableValues = {"running", "completed", "cancelled"},
            description =
                "running until every job is terminal, then completed; cancelled once cancelled")
        String status,
    @JsonProperty("counts") Counts counts,
    @JsonProperty("usage") JobResource.Usage usage,
    @JsonProperty("completion_window") @Schema(nullable = true) String completionWindow,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("webhook_url") @Schema(nullable = true, format = "uri") String webhookUrl,
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("completed_at")
        @Schema(
            format = "date-time",
            nullable = true,
            description = "When the last job ended; null while any job has not")
        String completedAt) {
  private static final double MICROS_PER_USD = 1_000_000.0;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, String>> STRINGS =
      new TypeReference<>() {};

  /** How many of the batch's jobs are in each status. */
  @Schema(name = "BatchCounts")
  @JsonPropertyOrder({
    "total",
    "queued",
    "running",
    "retry_scheduled",
    "succeeded",
    "failed",
    "cancelled"
  })
  public record Counts(
      @JsonProperty("total") int total,
      @JsonProperty("queued") int queued,
      @JsonProperty("running") int running,
      @JsonProperty("retry_scheduled") int retryScheduled,
      @JsonProperty("succeeded") int succeeded,
      @JsonProperty("failed") int failed,
      @JsonProperty("cancelled") int cancelled) {}

  /** Renders a batch; the one place that shape is decided. */
  public static BatchResource of(BatchRecord batch) {
    BatchRecord.Counts counts = batch.counts();
    BatchRecord.Usage usage = batch.usage();
    return new BatchResource(
        batch.id(),
        "batch",
        batch.status(),
        new Counts(
            counts.total(),
            counts.queued(),
            counts.running(),
            counts.retryScheduled(),
            counts.succeeded(),
            counts.failed(),
            counts.cancelled()),
        new JobResource.Usage(
            (int) Math.min(Integer.MAX_VALUE, usage.promptTokens()),
            (int) Math.min(Integer.MAX_VALUE, usage.completionTokens()),
            (int) Math.min(Integer.MAX_VALUE, usage.promptTokens() + usage.completionTokens()),
            usage.costMicros() / MICROS_PER_USD),
        batch.completionWindow(),
        batch.metadataJson() == null ? Map.of() : JSON.readValue(batch.metadataJson(), STRINGS),
        batch.webhookUrl(),
        timestamp(batch.createdAt()),
        timestamp(batch.completedAt()));
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
