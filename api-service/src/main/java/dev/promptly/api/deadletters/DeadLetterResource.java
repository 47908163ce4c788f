package dev.promptly.api.deadletters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.promptly.jobstore.JobResource;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A dead letter as the admin API shows it: a job that failed for good, and whether it was retried.
 */
@Schema(name = "DeadLetter")
@JsonPropertyOrder({
  "id",
  "object",
  "job_id",
  "tenant_id",
  "error",
  "attempts",
  "failed_at",
  "replayed_at"
})
public record DeadLetterResource(
    @JsonProperty("id") @Schema(example = "dl_42") String id,
    @JsonProperty("object") @Schema(allowableValues = "dead_letter") String object,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("tenant_id") String tenantId,
    @JsonProperty("error") JobResource.JobError error,
    @JsonProperty("attempts") @Schema(description = "Attempts the job had used when it failed")
        int attempts,
    @JsonProperty("failed_at") @Schema(format = "date-time") String failedAt,
    @JsonProperty("replayed_at")
        @Schema(
            format = "date-time",
            nullable = true,
            description = "When an admin retried the job")
        String replayedAt) {
  private static final String ID_PREFIX = "dl_";

  public static DeadLetterResource of(DeadLetterRepository.DeadLetterRow row) {
    return new DeadLetterResource(
        ID_PREFIX + row.id(),
        "dead_letter",
        row.jobId(),
        row.tenantId(),
        new JobResource.JobError(row.errorCode(), row.errorMessage()),
        row.attempts(),
        row.failedAt().toString(),
        timestamp(row.replayedAt()));
  }

  /** The row id in a dead-letter id such as {@code dl_42}, or null when it is not one. */
  static Long parseId(String id) {
    if (!id.matches(ID_PREFIX + "[1-9]\\d{0,17}")) {
      return null;
    }
    return Long.parseLong(id.substring(ID_PREFIX.length()));
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** One page of dead letters, newest first. */
  @Schema(name = "DeadLetterList")
  @JsonPropertyOrder({"object", "data", "has_more", "next_cursor"})
  record Page(
      @JsonProperty("object") @Schema(allowableValues = "list") String object,
      @JsonProperty("data") List<DeadLetterResource> data,
      @JsonProperty("has_more") boolean hasMore,
      @JsonProperty("next_cursor") @Schema(nullable = true) String nextCursor) {}
}
