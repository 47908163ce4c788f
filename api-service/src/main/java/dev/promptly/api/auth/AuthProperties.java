package dev.promptly.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers authenticate.
 *
 * @param adminApiKey the key that unlocks {@code /v1/admin}; admin routes refuse every caller while
 *     it is unset (from {@code PROMPTLY_ADMIN_API_KEY}, never from a file in the repository)
 */
@ConfigurationProperties("promptly.auth")
public record AuthProperties(String adminApiKey) {

  /** Whether an admin key is configured. */
  public boolean hasAdminKey() {
    return adminApiKey != null && !adminApiKey.isBlank();
  }
}
