package dev.promptly.worker.llm;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.promptly.worker.failures.RetryableJobException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns langchain4j's answer into ours, covering what real providers send now and then: no usage
 * (estimated with the tokenizer, so a call is never free because the provider did not say), no
 * choices (retryable: the provider glitched), and refusals.
 *
 * <p>A refusal ({@code message.refusal}) is an answer, not a failure: the model ran and billed the
 * call, and another attempt would get the same answer. It is reported as {@code finish_reason:
 * content_filter}, like a filtered answer, with the refusal text beside the (empty) text.
 */
final class ResponseReader {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TokenEstimator tokens = new TokenEstimator();

  ChatCompletion read(ChatRequest request, ChatResponse response) {
    String text =
        response.aiMessage() == null || response.aiMessage().text() == null
            ? ""
            : response.aiMessage().text();
    String refusal = streamedRefusal(response);
    if (refusal != null) {
      return refusal(request, refusal, response.tokenUsage());
    }
    if (response.finishReason() == null && text.isEmpty()) {
      throw new RetryableJobException("provider returned no choices", null, null, true, null);
    }
    TokenUsage usage = response.tokenUsage();
    return new ChatCompletion(
        text,
        finishReason(response.finishReason()),
        promptTokens(request, usage),
        usage != null && usage.outputTokenCount() != null
            ? usage.outputTokenCount()
            : tokens.textTokens(text));
  }

  /** A refusal that langchain4j reported as an exception, which carries no usage. */
  ChatCompletion refusal(ChatRequest request, String refusal) {
    return refusal(request, refusal, null);
  }

  private ChatCompletion refusal(ChatRequest request, String refusal, TokenUsage usage) {
    int completionTokens =
        usage != null && usage.outputTokenCount() != null
            ? usage.outputTokenCount()
            : tokens.textTokens(refusal);
    return new ChatCompletion(
        "", "content_filter", promptTokens(request, usage), completionTokens, refusal);
  }

  private int promptTokens(ChatRequest request, TokenUsage usage) {
    return usage != null && usage.inputTokenCount() != null
        ? usage.inputTokenCount()
        : tokens.promptTokens(request.messages());
  }

  /** langchain4j drops streamed {@code delta.refusal}; the raw events still have it. */
  private static String streamedRefusal(ChatResponse response) {
    if (!(response.metadata() instanceof OpenAiChatResponseMetadata metadata)
        || metadata.rawServerSentEvents() == null) {
      return null;
    }
    StringBuilder refusal = new StringBuilder();
    boolean refused = false;
    for (var event : metadata.rawServerSentEvents()) {
      JsonNode delta = delta(event.data());
      if (delta != null && delta.path("refusal").isString()) {
        refused = true;
        refusal.append(delta.path("refusal").stringValue());
      }
    }
    return refused ? refusal.toString() : null;
  }

  private static JsonNode delta(String data) {
    if (data == null || !data.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readTree(data).path("choices").path(0).path("delta");
    } catch (JacksonException e) {
      return null;
    }
  }

  static String finishReason(FinishReason reason) {
    if (reason == null) {
      return "other";
    }
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CONTENT_FILTER -> "content_filter";
      case TOOL_EXECUTION -> "tool_calls";
      case OTHER -> "other";
    };
  }
}
