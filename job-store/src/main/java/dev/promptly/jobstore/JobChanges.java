package dev.promptly.jobstore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Column updates that travel with a status transition (result, error, lease …). Column names are
 * checked against a fixed list because they end up in SQL text.
 */
public final class JobChanges {
  private static final Set<String> COLUMNS =
      Set.of(
          "result",
          "error_code",
          "error_message",
          "prompt_tokens",
          "completion_tokens",
          "cost_micros",
          "cached",
          "cancel_requested",
          "worker_id",
          "lease_expires_at",
          "started_at",
          "finished_at",
          "attempts",
          "model",
          "waiting_for");
  private static final Set<String> JSON_COLUMNS = Set.of("result");

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Set<String> increments = new LinkedHashSet<>();

  private JobChanges() {}

  /** A transition that changes nothing but the status. */
  public static JobChanges none() {
    return new JobChanges();
  }

  /** An independent copy, to build another ending from the same common changes. */
  public JobChanges copy() {
    JobChanges copy = new JobChanges();
    copy.values.putAll(values);
    copy.increments.addAll(increments);
    return copy;
  }

  /** Sets a column; {@link Instant} values are stored as UTC timestamps. */
  public JobChanges set(String column, Object value) {
    requireKnown(column);
    values.put(column, value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
    return this;
  }

  /** Adds one to an integer column in the same statement, so concurrent writers cannot lose it. */
  public JobChanges increment(String column) {
    requireKnown(column);
    increments.add(column);
    return this;
  }

  Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  Set<String> increments() {
    return Collections.unmodifiableSet(increments);
  }

  static boolean isJson(String column) {
    return JSON_COLUMNS.contains(column);
  }

  private static void requireKnown(String column) {
    if (!COLUMNS.contains(column)) {
      throw new IllegalArgumentException("not an updatable jobs column: " + column);
    }
  }
}
