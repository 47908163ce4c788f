package dev.promptly.api.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Conveniences for a developer machine.
 *
 * @param apiKey when set, a tenant {@code dev} with this API key exists after startup (set by
 *     {@code ./promptly up} through {@code PROMPTLY_DEV_API_KEY}); unset in production
 */
@ConfigurationProperties("promptly.dev")
public record DevProperties(String apiKey) {

  /** Whether the dev tenant should exist. */
  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }
}
