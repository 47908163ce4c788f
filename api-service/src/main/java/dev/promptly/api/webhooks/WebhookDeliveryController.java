package dev.promptly.api.webhooks;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's view of its job's webhook deliveries. */
@RestController
@Tag(name = "jobs")
class WebhookDeliveryController {
  static final int MAX_DELIVERIES = 100;

  private final JobRepository jobs;
  private final WebhookEventRepository webhooks;

  WebhookDeliveryController(JobRepository jobs, WebhookEventRepository webhooks) {
    this.jobs = jobs;
    this.webhooks = webhooks;
  }

  @Operation(
      summary = "List a job's webhook delivery attempts, newest first",
      description =
          "Every attempt to deliver the job's webhook events: when, the receiver's status or the"
              + " error, and how long it took; and each event's state (pending with its next"
              + " attempt, delivered, failed or gone). A job without a webhook_url has none.")
  @GetMapping("/v1/jobs/{id}/deliveries")
  WebhookResources.DeliveryList list(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    JobRecord job =
        Optional.of(id)
            .filter(JobIds::isWellFormed)
            .flatMap(jobs::find)
            .filter(found -> found.isOwnedBy(tenant.id()))
            .orElseThrow(() -> ApiException.notFound("No job with id '" + id + "'."));
    List<WebhookResources.Delivery> rows = webhooks.deliveries(job.id(), MAX_DELIVERIES + 1);
    boolean hasMore = rows.size() > MAX_DELIVERIES;
    return new WebhookResources.DeliveryList(
        "list",
        rows.subList(0, Math.min(rows.size(), MAX_DELIVERIES)),
        hasMore,
        webhooks.events(job.id()));
  }
}
