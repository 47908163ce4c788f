package dev.promptly.api.webhooks;

import dev.promptly.api.web.ApiException;
import dev.promptly.webhooks.WebhookProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Service;

/**
 * Issues a tenant a new webhook secret; the previous one keeps signing beside it for the configured
 * overlap, so receivers switch without a gap.
 */
@Service
public class WebhookSecretRotation {
  private final WebhookEventRepository webhooks;
  private final WebhookProperties properties;
  private final Clock clock;

  WebhookSecretRotation(
      WebhookEventRepository webhooks, WebhookProperties properties, Clock clock) {
    this.webhooks = webhooks;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @throws ApiException 404 when there is no such tenant
   */
  public WebhookResources.Secret rotate(String tenantId) {
    String secret = WebhookSecrets.generate();
    Instant expires =
        clock.instant().truncatedTo(ChronoUnit.MICROS).plus(properties.secretRotationOverlap());
    if (!webhooks.rotateSecret(tenantId, secret, expires)) {
      throw ApiException.notFound("No tenant with id '" + tenantId + "'.");
    }
    return new WebhookResources.Secret("webhook_secret", tenantId, secret, expires.toString());
  }
}
