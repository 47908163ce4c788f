package dev.promptly.api.jobs;

import dev.promptly.api.web.FieldProblem;
import java.util.List;
import java.util.function.Function;

/** Checks shared by the job request readers; each adds a problem instead of throwing. */
final class FieldRules {
  private FieldRules() {}

  /** An integer within bounds, or the default when absent; null when out of bounds. */
  static Integer intInRange(
      Integer value,
      String field,
      int min,
      int max,
      Integer fallback,
      List<FieldProblem> problems) {
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
      return null;
    }
    return value;
  }

  /**
   * A value of a closed set given by its wire name, or the default when absent; null when not one
   * of {@code allowed}.
   */
  static <E> E oneOf(
      String value,
      String field,
      List<String> allowed,
      Function<String, E> parse,
      E fallback,
      List<FieldProblem> problems) {
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      problems.add(new FieldProblem(field, "must be one of: " + String.join(", ", allowed)));
      return null;
    }
    return parse.apply(value);
  }

  /** Adds "is required" when the value is absent or JSON null. */
  static boolean required(Object value, String field, List<FieldProblem> problems) {
    if (value == null) {
      problems.add(new FieldProblem(field, "is required"));
      return false;
    }
    return true;
  }
}
