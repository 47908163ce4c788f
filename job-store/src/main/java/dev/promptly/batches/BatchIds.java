package dev.promptly.batches;

import dev.promptly.model.TimeOrderedIds;
import java.time.Clock;

/**
 * Makes batch ids of the form {@code batch_<12 hex of epoch millis><20 hex random>} ({@link
 * TimeOrderedIds}): they sort by creation time, like job ids, and are unguessable across tenants.
 */
public final class BatchIds {
  /** The prefix every batch id starts with. */
  public static final String PREFIX = "batch_";

  private BatchIds() {}

  /** A new id stamped with the clock's current time. */
  public static String next(Clock clock) {
    return TimeOrderedIds.next(PREFIX, clock);
  }

  /** Whether a string has the shape of a batch id (it may still not exist). */
  public static boolean isWellFormed(String id) {
    return TimeOrderedIds.isWellFormed(PREFIX, id);
  }
}
