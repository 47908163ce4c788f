package dev.promptly.model;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes a {@link JobInput} as the snake_case JSON document stored in {@code jobs.input}, the same
 * shape the HTTP API accepts, so the API writes it and workers read it without drift.
 */
public final class JobInputCodec {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JobInputCodec() {}

  /** The JSON document of an input. */
  public static String encode(JobInput input) {
    ObjectNode node = JSON.createObjectNode();
    switch (input) {
      case SummarizeInput summarize -> {
        node.put("text", summarize.text());
        node.put("style", summarize.style().wireName());
        node.put("max_words", summarize.maxWords());
      }
      case ChatInput chat -> {
        ArrayNode messages = node.putArray("messages");
        for (ChatMessage message : chat.messages()) {
          messages
              .addObject()
              .put("role", message.role().wireName())
              .put("content", message.content());
        }
        if (chat.temperature() != null) {
          node.put("temperature", chat.temperature());
        }
        if (chat.maxTokens() != null) {
          node.put("max_tokens", chat.maxTokens());
        }
      }
    }
    return JSON.writeValueAsString(node);
  }

  /**
   * Decodes a stored input of the given kind.
   *
   * @throws MalformedMessageException when the document does not hold a valid input
   */
  public static JobInput decode(JobKind kind, String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return switch (kind) {
        case SUMMARIZE ->
            new SummarizeInput(
                node.get("text").asString(),
                SummaryStyle.fromWireName(node.get("style").asString()),
                node.get("max_words").asInt());
        case CHAT ->
            new ChatInput(
                decodeMessages(node.get("messages")), optionalDouble(node), optionalInt(node));
      };
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new MalformedMessageException("undecodable " + kind.wireName() + " input", e);
    }
  }

  private static List<ChatMessage> decodeMessages(JsonNode messages) {
    List<ChatMessage> decoded = new ArrayList<>();
    for (JsonNode message : messages) {
      decoded.add(
          new ChatMessage(
              ChatRole.fromWireName(message.get("role").asString()),
              message.get("content").asString()));
    }
    return decoded;
  }

  private static Double optionalDouble(JsonNode node) {
    JsonNode value = node.get("temperature");
    return value == null || value.isNull() ? null : value.asDouble();
  }

  private static Integer optionalInt(JsonNode node) {
    JsonNode value = node.get("max_tokens");
    return value == null || value.isNull() ? null : value.asInt();
  }
}
