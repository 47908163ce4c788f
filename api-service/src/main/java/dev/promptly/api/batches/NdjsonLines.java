package dev.promptly.api.batches;

import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Splits an NDJSON body into its lines, each parsed as strictly as a job's JSON body. */
final class NdjsonLines {
  private NdjsonLines() {}

  /**
   * Adds each non-blank line's object to {@code lines} (null for a line that is no JSON object,
   * with its problem in {@code problems}) and its number, from 1, to {@code numbers}.
   */
  static void split(
      byte[] body,
      StrictJson json,
      List<ObjectNode> lines,
      List<Integer> numbers,
      List<FieldProblem> problems) {
    int start = 0;
    int number = 1;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
        if (!isBlank(body, start, end)) {
          lines.add(parse(Arrays.copyOfRange(body, start, end), number, json, problems));
          numbers.add(number);
        }
        start = i + 1;
        number++;
      }
    }
  }

  private static ObjectNode parse(
      byte[] line, int number, StrictJson json, List<FieldProblem> problems) {
    try {
      return (ObjectNode) json.readObject(line);
    } catch (ApiException e) {
      if (e.errors().isEmpty()) {
        problems.add(new FieldProblem("line " + number, e.getMessage()));
      } else {
        e.errors()
            .forEach(
                problem ->
                    problems.add(
                        new FieldProblem(
                            problem.field().equals("body")
                                ? "line " + number
                                : "line " + number + ": " + problem.field(),
                            problem.message())));
      }
      return null;
    }
  }

  private static boolean isBlank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      if (body[i] != ' ' && body[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
