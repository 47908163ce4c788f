package dev.promptly.model;

import java.time.Clock;

/**
 * Makes job ids of the form {@code job_<12 hex of epoch millis><20 hex random>} ({@link
 * TimeOrderedIds}).
 *
 * <p>Ids sort by creation time as plain strings, so "newest first" and cursor paging are an index
 * scan on the primary key; the random tail makes them unguessable across tenants.
 */
public final class JobIds {
  /** The prefix every job id starts with. */
  public static final String PREFIX = "job_";

  private JobIds() {}

  /** A new id stamped with the clock's current time. */
  public static String next(Clock clock) {
    return TimeOrderedIds.next(PREFIX, clock);
  }

  /** Whether a string has the shape of a job id (it may still not exist). */
  public static boolean isWellFormed(String id) {
    return TimeOrderedIds.isWellFormed(PREFIX, id);
  }
}
