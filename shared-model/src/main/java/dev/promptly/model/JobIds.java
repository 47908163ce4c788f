package dev.promptly.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Makes job ids of the form {@code job_<12 hex of epoch millis><20 hex random>}.
 *
 * <p>Ids sort by creation time as plain strings, so "newest first" and cursor paging are an index
 * scan on the primary key; the random tail makes them unguessable across tenants.
 */
public final class JobIds {
  /** The prefix every job id starts with. */
  public static final String PREFIX = "job_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private JobIds() {}

  /** A new id stamped with the clock's current time. */
  public static String next(Clock clock) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    String millis = String.format("%012x", clock.millis());
    return PREFIX + millis + HEX.formatHex(random);
  }

  /** Whether a string has the shape of a job id (it may still not exist). */
  public static boolean isWellFormed(String id) {
    return id != null
        && id.length() == PREFIX.length() + 32
        && id.startsWith(PREFIX)
        && id.substring(PREFIX.length())
            .chars()
            .allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c));
  }
}
