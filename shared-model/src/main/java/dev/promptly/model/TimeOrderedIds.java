package dev.promptly.model;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Ids of the form {@code <prefix><12 hex of epoch millis><20 hex random>}: they sort by creation
 * time as plain strings, so "newest first" and cursor paging are an index scan on the primary key,
 * and the random tail makes them unguessable across tenants. Job ids and batch ids are made so.
 */
public final class TimeOrderedIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private TimeOrderedIds() {}

  /** A new id with {@code prefix}, stamped with the clock's current time. */
  public static String next(String prefix, Clock clock) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return prefix + String.format("%012x", clock.millis()) + HEX.formatHex(random);
  }

  /** Whether a string has the shape of an id with {@code prefix} (it may still not exist). */
  public static boolean isWellFormed(String prefix, String id) {
    return id != null
        && id.length() == prefix.length() + 32
        && id.startsWith(prefix)
        && id.substring(prefix.length())
            .chars()
            .allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c));
  }
}
