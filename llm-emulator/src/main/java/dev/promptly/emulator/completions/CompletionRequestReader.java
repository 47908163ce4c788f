package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.replies.ConversationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request body into a {@link CompletionRequest}, rejecting what OpenAI rejects with its
 * messages, and ignoring unknown fields as OpenAI's clients expect (they send many).
 */
@Component
class CompletionRequestReader {

  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool", "function");

  private final ObjectReader reader;

  CompletionRequestReader(JsonMapper jsonMapper) {
    this.reader =
        jsonMapper
            .readerFor(ChatCompletionRequest.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  CompletionRequest read(String body) {
    ChatCompletionRequest wire = parse(body);
    if (wire.model() == null || wire.model().isBlank()) {
      throw ApiErrorException.invalidRequest("You must provide a model parameter.", "model");
    }
    if (wire.temperature() != null && (wire.temperature() < 0 || wire.temperature() > 2)) {
      throw ApiErrorException.invalidRequest(
          "Invalid 'temperature': expected a value between 0 and 2.", "temperature");
    }
    return new CompletionRequest(
        wire.model(),
        conversation(wire.messages()),
        maxTokens(wire),
        Boolean.TRUE.equals(wire.stream()),
        wire.streamOptions() != null && Boolean.TRUE.equals(wire.streamOptions().includeUsage()));
  }

  private ChatCompletionRequest parse(String body) {
    String unparsable = "We could not parse the JSON body of your request.";
    if (body == null || body.isBlank()) {
      throw ApiErrorException.invalidRequest(unparsable, null);
    }
    try {
      ChatCompletionRequest wire = reader.readValue(body);
      if (wire == null) {
        throw ApiErrorException.invalidRequest(unparsable, null);
      }
      return wire;
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
      throw ApiErrorException.invalidRequest("Invalid type for '" + field + "'.", field);
    } catch (JacksonException e) {
      throw ApiErrorException.invalidRequest(unparsable, null);
    }
  }

  private static List<ConversationMessage> conversation(
      List<ChatCompletionRequest.Message> messages) {
    if (messages == null) {
      throw ApiErrorException.invalidRequest("Missing required parameter: 'messages'.", "messages");
    }
    if (messages.isEmpty()) {
      throw ApiErrorException.invalidRequest(
          "Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
    }
    List<ConversationMessage> conversation = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      conversation.add(message(messages.get(i), "messages[" + i + "]"));
    }
    return conversation;
  }

  private static ConversationMessage message(ChatCompletionRequest.Message message, String param) {
    if (message == null || message.role() == null) {
      throw ApiErrorException.invalidRequest(
          "Missing required parameter: '" + param + ".role'.", param + ".role");
    }
    if (!ROLES.contains(message.role())) {
      throw ApiErrorException.invalidRequest(
          "Invalid value: '" + message.role() + "'. Supported values are: " + ROLES + ".",
          param + ".role");
    }
    return new ConversationMessage(message.role(), text(message.content(), param + ".content"));
  }

  /** Flattens string content, or the text parts of array content, to plain text. */
  private static String text(JsonNode content, String param) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isString()) {
      return content.stringValue();
    }
    if (content.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : content.values()) {
        if (part.path("text").isString()) {
          parts.add(part.path("text").stringValue());
        }
      }
      return String.join("\n", parts);
    }
    throw ApiErrorException.invalidRequest(
        "Invalid type for '" + param + "': expected a string or an array.", param);
  }

  private static OptionalInt maxTokens(ChatCompletionRequest wire) {
    // max_completion_tokens superseded max_tokens; OpenAI honours the newer one when both are set.
    Integer limit =
        wire.maxCompletionTokens() != null ? wire.maxCompletionTokens() : wire.maxTokens();
    String param = wire.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens";
    if (limit == null) {
      return OptionalInt.empty();
    }
    if (limit < 1) {
      throw ApiErrorException.invalidRequest(
          "Invalid '" + param + "': integer below minimum value. Expected a value >= 1.", param);
    }
    return OptionalInt.of(limit);
  }
}
