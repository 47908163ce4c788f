package dev.promptly.api.web;

import java.util.Objects;

/**
 * One invalid field of a request, as listed in a problem's {@code errors}.
 *
 * @param field JSON path of the field, e.g. {@code input.messages[0].role}
 * @param message what is wrong with it, for humans
 */
public record FieldProblem(String field, String message) {
  public FieldProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
