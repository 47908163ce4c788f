package dev.promptly.api.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON documents the admin routes answer with. */
public final class AdminResources {
  private AdminResources() {}

  @Schema(name = "Tenant")
  @JsonPropertyOrder({
    "id",
    "object",
    "name",
    "rate_limit_per_minute",
    "read_rate_limit_per_minute",
    "max_concurrent_jobs",
    "budget",
    "webhook_secret",
    "created_at"
  })
  public record Tenant(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("name") String name,
      @JsonProperty("rate_limit_per_minute")
          @Schema(description = "Submissions (POST /v1/jobs, POST /v1/batches) per minute")
          int rateLimitPerMinute,
      @JsonProperty("read_rate_limit_per_minute")
          @Schema(
              description =
                  "Every other /v1 call per minute, in a bucket of its own; unless set, ten"
                      + " times rate_limit_per_minute")
          int readRateLimitPerMinute,
      @JsonProperty("max_concurrent_jobs")
          @Schema(
              nullable = true,
              description = "At most this many of its jobs run at once; null: no cap")
          Integer maxConcurrentJobs,
      @JsonProperty("budget") Budget budget,
      @JsonProperty("webhook_secret")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          @Schema(description = "Shown only when the tenant is created")
          String webhookSecret,
      @JsonProperty("created_at") String createdAt) {}

  /** A tenant's semantic cache settings. */
  @Schema(name = "TenantCache")
  public record CacheSettings(
      @JsonProperty("object") String object,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("semantic_by_default") boolean semanticByDefault,
      @JsonProperty("semantic_any_temperature") boolean semanticAnyTemperature) {}

  @Schema(name = "TenantBudget")
  @JsonPropertyOrder({"limit_usd", "period"})
  public record Budget(
      @JsonProperty("limit_usd") double limitUsd, @JsonProperty("period") String period) {}

  @Schema(name = "ApiKey")
  @JsonPropertyOrder({"id", "object", "key", "prefix", "created_at"})
  public record ApiKey(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("key") @Schema(description = "The plain key; shown only here, once") String key,
      @JsonProperty("prefix") String prefix,
      @JsonProperty("created_at") String createdAt) {}

  @Schema(name = "StoredApiKey", description = "An API key as support sees it: no key, no hash")
  @JsonPropertyOrder({"id", "object", "prefix", "created_at", "revoked_at"})
  public record StoredKey(
      @JsonProperty("id") @Schema(example = "key_4f1c2a9e0b7d3c5a6e8f9012") String id,
      @JsonProperty("object") @Schema(allowableValues = "api_key") String object,
      @JsonProperty("prefix")
          @Schema(description = "The key's first characters", example = "pk_Xb3kQ9a")
          String prefix,
      @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
      @JsonProperty("revoked_at") @Schema(format = "date-time", nullable = true)
          String revokedAt) {}

  @Schema(name = "ApiKeyList")
  @JsonPropertyOrder({"object", "data"})
  public record KeyList(
      @JsonProperty("object") @Schema(allowableValues = "list") String object,
      @JsonProperty("data") List<StoredKey> data) {}
}
