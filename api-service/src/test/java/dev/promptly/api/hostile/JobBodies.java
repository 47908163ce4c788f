package dev.promptly.api.hostile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Job request bodies with one value replaced by raw JSON text, so a test can put anything (a wrong
 * type, a broken escape) exactly where it wants. Values are raw JSON: strings come quoted.
 */
final class JobBodies {
  private JobBodies() {}

  /** A summarize job with the top-level {@code field} set to {@code rawJson}. */
  static String summarizeWith(String field, String rawJson) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("kind", "\"summarize\"");
    body.put("input", "{\"text\":\"A text to summarize.\"}");
    body.put(field, rawJson);
    return object(body);
  }

  /** A summarize job whose {@code input.field} is {@code rawJson}. */
  static String summarizeInputWith(String field, String rawJson) {
    Map<String, String> input = new LinkedHashMap<>();
    input.put("text", "\"A text to summarize.\"");
    input.put(field, rawJson);
    return summarizeWith("input", object(input));
  }

  /** A chat job whose {@code input.field} is {@code rawJson}. */
  static String chatInputWith(String field, String rawJson) {
    Map<String, String> input = new LinkedHashMap<>();
    input.put("messages", "[{\"role\":\"user\",\"content\":\"Hello\"}]");
    input.put(field, rawJson);
    return "{\"kind\":\"chat\",\"input\":" + object(input) + "}";
  }

  /** A chat job whose one message has {@code field} set to {@code rawJson}. */
  static String messageWith(String field, String rawJson) {
    Map<String, String> message = new LinkedHashMap<>();
    message.put("role", "\"user\"");
    message.put("content", "\"Hello\"");
    message.put(field, rawJson);
    return chatInputWith("messages", "[" + object(message) + "]");
  }

  /** A JSON string literal of {@code text}, which must need no escaping. */
  static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static String object(Map<String, String> members) {
    return members.entrySet().stream()
        .map(member -> "\"" + member.getKey() + "\":" + member.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
