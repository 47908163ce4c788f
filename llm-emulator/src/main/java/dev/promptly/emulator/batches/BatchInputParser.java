package dev.promptly.emulator.batches;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates a batch input file as OpenAI does while a batch is {@code validating}: every line must
 * be a JSON object with a unique {@code custom_id}, {@code method} {@code POST}, the batch's {@code
 * url} and an object {@code body}. Any fault fails the whole batch, with one error per bad line.
 * The body itself is not checked here: like OpenAI, a bad request body fails only its own line.
 */
@Component
class BatchInputParser {

  /** The lines, when {@code errors} is empty. */
  record ParsedInput(List<BatchRequestLine> lines, List<BatchError> errors) {
    ParsedInput {
      lines = List.copyOf(lines);
      errors = List.copyOf(errors);
    }

    boolean isValid() {
      return errors.isEmpty();
    }
  }

  private final JsonMapper jsonMapper;

  BatchInputParser(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  ParsedInput parse(String content, String endpoint) {
    List<BatchRequestLine> lines = new ArrayList<>();
    List<BatchError> errors = new ArrayList<>();
    Set<String> customIds = new HashSet<>();
    List<String> rawLines = content.lines().toList();
    for (int i = 0; i < rawLines.size(); i++) {
      String raw = rawLines.get(i);
      if (raw.isBlank()) {
        continue; // a trailing newline, or an empty line between requests
      }
      int number = i + 1;
      JsonNode line = readObject(raw);
      if (line == null) {
        errors.add(
            new BatchError(
                "invalid_json_line", "This line is not parseable as valid JSON.", null, number));
        continue;
      }
      BatchError fault = check(line, number, endpoint);
      if (fault == null && !customIds.add(line.get("custom_id").stringValue())) {
        fault =
            new BatchError(
                "duplicate_custom_id",
                "The custom_id for this request is a duplicate of another request. The custom_id"
                    + " parameter must be unique for each individual request in a batch.",
                "custom_id",
                number);
      }
      if (fault != null) {
        errors.add(fault);
      } else {
        lines.add(
            new BatchRequestLine(
                number, line.get("custom_id").stringValue(), line.get("body").toString()));
      }
    }
    if (lines.isEmpty() && errors.isEmpty()) {
      errors.add(
          new BatchError(
              "empty_file",
              "The batch input file is empty. Please ensure that the batch contains at least one"
                  + " request.",
              null,
              null));
    }
    return new ParsedInput(lines, errors);
  }

  private JsonNode readObject(String raw) {
    try {
      JsonNode node = jsonMapper.readTree(raw);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  private static BatchError check(JsonNode line, int number, String endpoint) {
    if (!line.path("custom_id").isString() || line.path("custom_id").stringValue().isEmpty()) {
      return missing("custom_id", number);
    }
    if (!line.path("method").isString()) {
      return missing("method", number);
    }
    if (!line.path("method").stringValue().equals("POST")) {
      return new BatchError(
          "invalid_method",
          "Only the POST method is supported for batch requests.",
          "method",
          number);
    }
    if (!line.path("url").isString()) {
      return missing("url", number);
    }
    if (!line.path("url").stringValue().equals(endpoint)) {
      return new BatchError(
          "mismatched_endpoint",
          "The url '%s' of this request does not match the batch's endpoint '%s'."
              .formatted(line.path("url").stringValue(), endpoint),
          "url",
          number);
    }
    if (!line.path("body").isObject()) {
      return missing("body", number);
    }
    return null;
  }

  private static BatchError missing(String param, int number) {
    return new BatchError(
        "missing_required_parameter",
        "Missing required parameter: '" + param + "'.",
        param,
        number);
  }
}
