package dev.promptly.worker.llm;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one line of a batch's output or error file: {@code {"custom_id", "response":
 * {"status_code", "body"}, "error"}}. A 200 is read as the live path reads an answer (a refusal is
 * an answer with {@code content_filter}; no choices is a retryable failure); anything else becomes
 * a {@link ProviderLineError}.
 */
final class BatchResultReader {
  private final JsonMapper json;
  private final TokenEstimator tokens = new TokenEstimator();

  BatchResultReader(JsonMapper json) {
    this.json = json;
  }

  /**
   * @throws IllegalArgumentException when the line is not a result line at all
   */
  ProviderBatchResult read(String line) {
    JsonNode result;
    try {
      result = json.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("a batch result line is not JSON", e);
    }
    String customId = text(result.path("custom_id"));
    if (customId == null) {
      throw new IllegalArgumentException("a batch result line has no custom_id");
    }
    JsonNode error = result.path("error");
    if (error.isObject()) {
      return failed(customId, null, error);
    }
    JsonNode response = result.path("response");
    int status = response.path("status_code").asInt(0);
    JsonNode body = response.path("body");
    if (status != 200) {
      return failed(customId, status == 0 ? null : status, body.path("error"));
    }
    return answered(customId, body);
  }

  private ProviderBatchResult answered(String customId, JsonNode body) {
    JsonNode choice = body.path("choices").path(0);
    if (choice.isMissingNode()) {
      return new ProviderBatchResult(
          customId, null, new ProviderLineError(200, "no_choices", "provider returned no choices"));
    }
    JsonNode message = choice.path("message");
    String text = text(message.path("content"));
    String refusal = text(message.path("refusal"));
    JsonNode usage = body.path("usage");
    String content = text == null ? "" : text;
    // Batch output always carries usage; the estimate only keeps a line from ever being free.
    int completionTokens =
        usage.path("completion_tokens").isNumber()
            ? usage.path("completion_tokens").asInt()
            : tokens.textTokens(refusal != null ? refusal : content);
    int promptTokens = usage.path("prompt_tokens").asInt(0);
    ChatCompletion answer =
        refusal != null
            ? new ChatCompletion("", "content_filter", promptTokens, completionTokens, refusal)
            : new ChatCompletion(
                content,
                finishReason(text(choice.path("finish_reason"))),
                promptTokens,
                completionTokens);
    return new ProviderBatchResult(customId, answer, null);
  }

  private static ProviderBatchResult failed(String customId, Integer status, JsonNode error) {
    String message = text(error.path("message"));
    return new ProviderBatchResult(
        customId,
        null,
        new ProviderLineError(
            status, text(error.path("code")), message == null ? "no detail" : message));
  }

  /** OpenAI's finish reasons, in the names {@link ChatCompletion} uses for live answers. */
  private static String finishReason(String reason) {
    if (reason == null) {
      return "other";
    }
    return switch (reason) {
      case "stop", "length", "content_filter", "tool_calls" -> reason;
      case "function_call" -> "tool_calls";
      default -> "other";
    };
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : null;
  }
}
