package dev.promptly.api.webhooks;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes tenants' webhook secrets. */
public final class WebhookSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A Standard Webhooks secret: {@code whsec_} and the base64 of 32 random bytes. */
  public static String generate() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "whsec_" + Base64.getEncoder().encodeToString(secret);
  }
}
