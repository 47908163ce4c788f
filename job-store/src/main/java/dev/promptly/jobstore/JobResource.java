package dev.promptly.jobstore;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The job as the API shows it (API.md, "The job resource"). */
@Schema(name = "Job")
@JsonPropertyOrder({
  "id",
  "object",
  "kind",
  "status",
  "model",
  "priority",
  "attempts",
  "max_attempts",
  "created_at",
  "started_at",
  "finished_at",
  "result",
  "error",
  "usage",
  "cached",
  "cancel_requested",
  "metadata",
  "webhook_url",
  "batch_id",
  "custom_id",
  "route",
  "waiting_for"
})
public record JobResource(
    @JsonProperty("id") @Schema(example = "job_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6") String id,
    @JsonProperty("object") @Schema(allowableValues = "job") String object,
    @JsonProperty("kind") @Schema(allowableValues = {"summarize", "chat"}) String kind,
    @JsonProperty("status")
        @Schema(
            allowableValues = {
              "queued",
              "running",
              "retry_scheduled",
              "succeeded",
              "failed",
              "cancelled"
            })
        String status,
    @JsonProperty("model")
        @Schema(description = "The provider's model name", example = "gpt-4o-mini")
        String model,
    @JsonProperty("priority") @Schema(allowableValues = {"low", "normal", "high"}) String priority,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("max_attempts") int maxAttempts,
    @JsonProperty("created_at") @Schema(format = "date-time", example = "2026-01-05T09:30:00Z")
        String createdAt,
    @JsonProperty("started_at") @Schema(format = "date-time", nullable = true) String startedAt,
    @JsonProperty("finished_at") @Schema(format = "date-time", nullable = true) String finishedAt,
    @JsonProperty("result")
        @Schema(
            nullable = true,
            description =
                "When succeeded: the text, the finish_reason and what else the model said",
            example = "{\"text\": \"A short summary.\", \"finish_reason\": \"stop\"}")
        Map<String, Object> result,
    @JsonProperty("error") @Schema(nullable = true) JobError error,
    @JsonProperty("usage") Usage usage,
    @JsonProperty("cached") boolean cached,
    @JsonProperty("cancel_requested") boolean cancelRequested,
    @JsonProperty("metadata") @Schema(example = "{\"order\": \"42\"}") Map<String, String> metadata,
    @JsonProperty("webhook_url")
        @Schema(nullable = true, format = "uri", example = "https://example.com/hooks/promptly")
        String webhookUrl,
    @JsonProperty("batch_id")
        @Schema(nullable = true, description = "The batch the job was submitted in, if any")
        String batchId,
    @JsonProperty("custom_id")
        @Schema(nullable = true, description = "The client's id of the job within its batch")
        String customId,
    @JsonProperty("route")
        @Schema(
            description = "How the job runs: live, or through the provider's batch API",
            allowableValues = {"live", "provider_batch"})
        String route,
    @JsonProperty("waiting_for")
        @Schema(
            nullable = true,
            description = "What holds a queued or retry_scheduled job back; null when nothing does",
            allowableValues = {
              "tenant_concurrency",
              "provider_rate_limit",
              "provider_circuit",
              "budget",
              "provider_batch",
              "backoff"
            })
        String waitingFor) {

  /** Why a job failed. */
  @Schema(name = "JobError")
  public record JobError(
      @JsonProperty("code")
          @Schema(
              allowableValues = {
                "budget_exceeded",
                "attempts_exhausted",
                "provider_rejected",
                "context_length_exceeded",
                "timeout",
                "invalid_request"
              })
          String code,
      @JsonProperty("message") String message) {}

  /** Tokens used and what they cost. */
  @Schema(name = "Usage")
  @JsonPropertyOrder({"prompt_tokens", "completion_tokens", "total_tokens", "cost_usd"})
  public record Usage(
      @JsonProperty("prompt_tokens") int promptTokens,
      @JsonProperty("completion_tokens") int completionTokens,
      @JsonProperty("total_tokens") int totalTokens,
      @JsonProperty("cost_usd") double costUsd) {}
}
