package dev.promptly.api.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which webhook targets jobs may name.
 *
 * @param allowPrivateTargets accept URLs whose host is loopback, private, link-local or a cloud
 *     metadata address; for dev and tests only, as it lets a client make Promptly call internal
 *     services
 */
@ConfigurationProperties("promptly.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateTargets) {}
