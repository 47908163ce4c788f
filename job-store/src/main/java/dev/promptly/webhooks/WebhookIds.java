package dev.promptly.webhooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Ids of webhook events ({@code msg_...}, the {@code webhook-id} header) and of delivery attempts
 * ({@code whd_...}): 12 hex of epoch millis and 20 random hex, so they sort by creation time as
 * plain strings and cannot be guessed across tenants.
 */
public final class WebhookIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private WebhookIds() {}

  /** A new event id, stable across every attempt to deliver that event. */
  public static String nextEvent(Clock clock) {
    return next("msg_", clock);
  }

  /** A new id for one delivery attempt. */
  public static String nextDelivery(Clock clock) {
    return next("whd_", clock);
  }

  private static String next(String prefix, Clock clock) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return prefix + String.format("%012x", clock.millis()) + HEX.formatHex(random);
  }
}
