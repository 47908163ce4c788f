package dev.promptly.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON lines of a service's log (structured logging), as trees. */
final class JsonLogLines {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonLogLines() {}

  /** Every line of {@code log} that is a JSON object; other lines (a JVM warning) are skipped. */
  static List<JsonNode> read(Path log) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /** A top-level field as text, or null. */
  static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null ? null : value.asString();
  }

  static List<JsonNode> both(List<JsonNode> first, List<JsonNode> second) {
    List<JsonNode> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
