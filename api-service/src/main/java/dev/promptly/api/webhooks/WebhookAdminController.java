package dev.promptly.api.webhooks;

import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook redelivery and secret rotation, under {@code /v1/admin} (admin key only). */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "admin")
class WebhookAdminController {
  private final JobRepository jobs;
  private final WebhookEventRepository webhooks;
  private final WebhookSecretRotation rotation;
  private final Clock clock;

  WebhookAdminController(
      JobRepository jobs,
      WebhookEventRepository webhooks,
      WebhookSecretRotation rotation,
      Clock clock) {
    this.jobs = jobs;
    this.webhooks = webhooks;
    this.rotation = rotation;
    this.clock = clock;
  }

  @Operation(
      summary = "Deliver a job's webhook again",
      description =
          "Puts the job's latest webhook event back to pending, due now, with its retry schedule"
              + " started over. The receiver gets the same webhook-id and body as before, so it"
              + " can recognise a repeat. Earlier attempts stay in the delivery list.")
  @ApiResponse(responseCode = "202", description = "The event, pending again")
  @ApiResponse(
      responseCode = "409",
      description = "no_webhook_event: the job has no webhook event (no webhook_url, or not ended)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
              schema = @Schema(ref = "#/components/schemas/Problem")))
  @PostMapping("/jobs/{id}/webhook/redeliver")
  @ResponseStatus(HttpStatus.ACCEPTED)
  WebhookResources.Event redeliver(@PathVariable String id) {
    if (!JobIds.isWellFormed(id) || jobs.find(id).isEmpty()) {
      throw ApiException.notFound("No job with id '" + id + "'.");
    }
    return webhooks
        .redeliverLatest(id, now())
        .orElseThrow(
            () ->
                ApiException.conflict(
                    "no_webhook_event", "The job has no webhook event to deliver again."));
  }

  @Operation(
      summary = "Rotate a tenant's webhook secret",
      description =
          "Issues a new webhook secret, shown only in this response. Until"
              + " previous_secret_expires_at every webhook carries two signatures, one made with"
              + " the new secret and one with the previous, so receivers can switch without a"
              + " gap. Rotating again within that time drops the older previous secret.")
  @ApiResponse(responseCode = "200", description = "The new secret")
  @PostMapping("/tenants/{id}/webhook-secret/rotate")
  WebhookResources.Secret rotate(@PathVariable String id) {
    return rotation.rotate(id);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
