package dev.promptly.api.dashboard;

import dev.promptly.api.webhooks.WebhookEventRepository;
import dev.promptly.api.webhooks.WebhookResources;
import java.util.List;
import org.springframework.stereotype.Component;

/** A job's webhook events and delivery attempts, as {@code GET /v1/jobs/{id}/deliveries} lists. */
@Component
class JobWebhooks {
  private static final int MAX_DELIVERIES = 100;

  private final WebhookEventRepository webhooks;

  JobWebhooks(WebhookEventRepository webhooks) {
    this.webhooks = webhooks;
  }

  List<WebhookResources.Delivery> deliveries(String jobId) {
    return webhooks.deliveries(jobId, MAX_DELIVERIES);
  }

  List<WebhookResources.Event> events(String jobId) {
    return webhooks.events(jobId);
  }
}
