package dev.promptly.batches;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Makes batch ids of the form {@code batch_<12 hex of epoch millis><20 hex random>}: they sort by
 * creation time, like job ids, and are unguessable across tenants.
 */
public final class BatchIds {
  /** The prefix every batch id starts with. */
  public static final String PREFIX = "batch_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private BatchIds() {}

  /** A new id stamped with the clock's current time. */
  public static String next(Clock clock) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return PREFIX + String.format("%012x", clock.millis()) + HEX.formatHex(random);
  }

  /** Whether a string has the shape of a batch id (it may still not exist). */
  public static boolean isWellFormed(String id) {
    return id != null
        && id.length() == PREFIX.length() + 32
        && id.startsWith(PREFIX)
        && id.substring(PREFIX.length())
            .chars()
            .allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c));
  }
}
