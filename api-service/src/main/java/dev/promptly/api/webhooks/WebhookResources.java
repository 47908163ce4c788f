package dev.promptly.api.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The JSON documents of the webhook routes. */
public final class WebhookResources {
  private WebhookResources() {}

  @Schema(name = "WebhookDelivery", description = "One attempt to deliver a webhook event")
  @JsonPropertyOrder({
    "id",
    "object",
    "webhook_id",
    "type",
    "attempted_at",
    "outcome",
    "status_code",
    "error",
    "duration_ms"
  })
  public record Delivery(
      @JsonProperty("id") @Schema(example = "whd_01a1ff07cf203cb86f55f250fdcde85c") String id,
      @JsonProperty("object") @Schema(allowableValues = "webhook_delivery") String object,
      @JsonProperty("webhook_id")
          @Schema(description = "The event's webhook-id header, the same on every attempt")
          String webhookId,
      @JsonProperty("type")
          @Schema(allowableValues = {"job.succeeded", "job.failed", "job.cancelled"})
          String type,
      @JsonProperty("attempted_at") @Schema(format = "date-time") String attemptedAt,
      @JsonProperty("outcome")
          @Schema(
              description =
                  "delivered (2xx); retry (another attempt follows); gone (410, no more"
                      + " attempts); exhausted (the last attempt failed); refused (the target"
                      + " resolved to an internal address and was not called)",
              allowableValues = {"delivered", "retry", "gone", "exhausted", "refused"})
          String outcome,
      @JsonProperty("status_code")
          @Schema(description = "The receiver's HTTP status; null when none came", nullable = true)
          Integer statusCode,
      @JsonProperty("error")
          @Schema(
              description = "Why no status came, e.g. timeout, connection_failed, target_refused",
              nullable = true)
          String error,
      @JsonProperty("duration_ms") long durationMs) {}

  @Schema(name = "WebhookEvent", description = "A webhook event and where its delivery stands")
  @JsonPropertyOrder({
    "id",
    "object",
    "type",
    "status",
    "attempts",
    "next_attempt_at",
    "created_at",
    "delivered_at"
  })
  public record Event(
      @JsonProperty("id")
          @Schema(
              description = "The webhook-id header of every attempt",
              example = "msg_01a1ff07cf203cb86f55f250fdcde85c")
          String id,
      @JsonProperty("object") @Schema(allowableValues = "webhook_event") String object,
      @JsonProperty("type")
          @Schema(allowableValues = {"job.succeeded", "job.failed", "job.cancelled"})
          String type,
      @JsonProperty("status") @Schema(allowableValues = {"pending", "delivered", "failed", "gone"})
          String status,
      @JsonProperty("attempts")
          @Schema(description = "Attempts since the event was created or last redelivered")
          int attempts,
      @JsonProperty("next_attempt_at")
          @Schema(
              format = "date-time",
              nullable = true,
              description = "When the next attempt is due; null unless pending")
          String nextAttemptAt,
      @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
      @JsonProperty("delivered_at") @Schema(format = "date-time", nullable = true)
          String deliveredAt) {}

  @Schema(name = "WebhookDeliveryList")
  @JsonPropertyOrder({"object", "data", "has_more", "events"})
  record DeliveryList(
      @JsonProperty("object") @Schema(allowableValues = "list") String object,
      @JsonProperty("data")
          @Schema(description = "The job's delivery attempts, newest first, at most 100")
          List<Delivery> data,
      @JsonProperty("has_more") @Schema(description = "Whether older attempts were left out")
          boolean hasMore,
      @JsonProperty("events")
          @Schema(
              description = "The job's webhook events (one per terminal transition), newest first")
          List<Event> events) {}

  @Schema(name = "WebhookSecret")
  @JsonPropertyOrder({"object", "tenant_id", "webhook_secret", "previous_secret_expires_at"})
  public record Secret(
      @JsonProperty("object") @Schema(allowableValues = "webhook_secret") String object,
      @JsonProperty("tenant_id") String tenantId,
      @JsonProperty("webhook_secret")
          @Schema(description = "The new secret; shown only in this response")
          String webhookSecret,
      @JsonProperty("previous_secret_expires_at")
          @Schema(
              format = "date-time",
              description =
                  "Until then webhooks carry a second signature made with the previous secret")
          String previousSecretExpiresAt) {}
}
