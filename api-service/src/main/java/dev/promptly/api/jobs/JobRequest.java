package dev.promptly.api.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/jobs} as sent. {@code input} stays a tree here because its shape
 * depends on {@code kind}; {@link JobRequestReader} binds it once the kind is known.
 */
@Schema(name = "JobRequest")
record JobRequest(
    @JsonProperty("kind")
        @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"summarize", "chat"})
        String kind,
    @JsonProperty("input")
        @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            implementation = Object.class,
            oneOf = {SummarizeInputRequest.class, ChatInputRequest.class})
        JsonNode input,
    @JsonProperty("model") @Schema(defaultValue = "default", description = "Alias or model name")
        String model,
    @JsonProperty("priority")
        @Schema(
            defaultValue = "normal",
            allowableValues = {"low", "normal", "high"})
        String priority,
    @JsonProperty("cache")
        @Schema(
            defaultValue = "exact",
            allowableValues = {"exact", "semantic", "off"},
            description =
                "Whether a temperature-0 request may be answered from this tenant's earlier"
                    + " answers")
        String cache,
    @JsonProperty("on_budget_exhausted")
        @Schema(
            defaultValue = "fail",
            allowableValues = {"fail", "wait"},
            description =
                "When a call would pass the tenant's budget: fail with budget_exceeded, or wait"
                    + " (queued, waiting_for budget, no attempt used) for the next budget period"
                    + " or a raised budget")
        String onBudgetExhausted,
    @JsonProperty("webhook_url") @Schema(format = "uri") String webhookUrl,
    @JsonProperty("metadata") @Schema(description = "At most 16 string pairs")
        Map<String, String> metadata,
    @JsonProperty("max_attempts") @Schema(defaultValue = "5", minimum = "1", maximum = "20")
        Integer maxAttempts,
    @JsonProperty("timeout_seconds") @Schema(defaultValue = "120", minimum = "1", maximum = "600")
        Integer timeoutSeconds,
    @JsonProperty("completion_window")
        @Schema(
            nullable = true,
            allowableValues = {"24h"},
            description =
                "null: run now; \"24h\": may run through the provider's batch API at the batch"
                    + " price, ending within 24 hours")
        String completionWindow) {

  /** {@code input} of a summarize job. */
  @Schema(name = "SummarizeInput")
  record SummarizeInputRequest(
      @JsonProperty("text") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String text,
      @JsonProperty("style")
          @Schema(
              defaultValue = "paragraph",
              allowableValues = {"bullets", "paragraph", "tldr"})
          String style,
      @JsonProperty("max_words") @Schema(defaultValue = "120", minimum = "10", maximum = "2000")
          Integer maxWords) {}

  /** {@code input} of a chat job. */
  @Schema(name = "ChatInput")
  record ChatInputRequest(
      @JsonProperty("messages") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          List<ChatMessageRequest> messages,
      @JsonProperty("temperature") @Schema(minimum = "0", maximum = "2") Double temperature,
      @JsonProperty("max_tokens") @Schema(minimum = "1", maximum = "32768") Integer maxTokens) {}

  /** One message of a chat job. */
  @Schema(name = "ChatMessage")
  record ChatMessageRequest(
      @JsonProperty("role")
          @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"system", "user", "assistant"})
          String role,
      @JsonProperty("content") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          String content) {}
}
