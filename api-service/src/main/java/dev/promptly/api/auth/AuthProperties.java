package dev.promptly.api.auth;

import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callers authenticate.
 *
 * @param adminApiKey the key that unlocks {@code /v1/admin}; admin routes refuse every caller while
 *     it is unset (from {@code PROMPTLY_ADMIN_API_KEY}, never from a file in the repository)
 * @param keyCacheTtl how long a valid tenant key is trusted without asking Postgres again; changes
 *     reach every replica at once over Redis, this is the backstop (0 turns the cache off)
 * @param keyCacheSize how many valid keys one instance keeps at most
 */
@Validated
@ConfigurationProperties("promptly.auth")
public record AuthProperties(
    String adminApiKey,
    @DefaultValue("10s") Duration keyCacheTtl,
    @DefaultValue("10000") @Positive int keyCacheSize) {

  public AuthProperties {
    if (keyCacheTtl.isNegative()) {
      throw new IllegalArgumentException("promptly.auth.key-cache-ttl must not be negative");
    }
  }

  /** Whether an admin key is configured. */
  public boolean hasAdminKey() {
    return adminApiKey != null && !adminApiKey.isBlank();
  }
}
