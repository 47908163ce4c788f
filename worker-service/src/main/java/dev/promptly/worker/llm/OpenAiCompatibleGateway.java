package dev.promptly.worker.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.jobs.PermanentJobException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LlmGateway} over any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, LiteLLM, the
 * emulator) through langchain4j's {@link OpenAiChatModel}. A model is built once per model name and
 * timeout and reused; all of them share one connection pool.
 */
class OpenAiCompatibleGateway implements LlmGateway {
  private final LlmProperties properties;
  private final java.net.http.HttpClient http;
  private final Clock clock;
  private final TokenEstimator tokens = new TokenEstimator();
  private final Map<ModelKey, ChatModel> models = new ConcurrentHashMap<>();

  OpenAiCompatibleGateway(LlmProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.http = ProviderHttpClient.sharedJdkClient(properties.connectTimeout());
  }

  @Override
  public ChatCompletion complete(ChatRequest request) {
    dev.langchain4j.model.chat.request.ChatRequest providerRequest = toProviderRequest(request);
    ChatModel model =
        models.computeIfAbsent(new ModelKey(request.model(), request.timeout()), this::build);
    ChatResponse response;
    try {
      response = model.chat(providerRequest);
    } catch (RuntimeException e) {
      throw ProviderErrors.classify(e, request.timeout());
    }
    return toCompletion(request, response);
  }

  @Override
  public String providerFor(String model) {
    // One configured endpoint serves every model of the catalog.
    return properties.baseUrl();
  }

  private ChatModel build(ModelKey key) {
    return OpenAiChatModel.builder()
        .baseUrl(properties.baseUrl())
        .apiKey(properties.apiKey())
        .modelName(key.model())
        .timeout(key.timeout())
        // The queue owns retries: a retry here would hold the message and hide the failure.
        .maxRetries(0)
        .httpClientBuilder(new ProviderHttpClientBuilder(http, clock))
        .build();
  }

  private static dev.langchain4j.model.chat.request.ChatRequest toProviderRequest(
      ChatRequest request) {
    try {
      return dev.langchain4j.model.chat.request.ChatRequest.builder()
          .messages(
              request.messages().stream().map(OpenAiCompatibleGateway::toProviderMessage).toList())
          .temperature(request.temperature())
          .maxOutputTokens(request.maxTokens())
          .build();
    } catch (IllegalArgumentException e) {
      // langchain4j refuses e.g. blank messages before anything is sent.
      throw new PermanentJobException(
          JobErrorCode.INVALID_REQUEST, "invalid chat request: " + e.getMessage(), e);
    }
  }

  private static dev.langchain4j.data.message.ChatMessage toProviderMessage(ChatMessage message) {
    return switch (message.role()) {
      case SYSTEM -> SystemMessage.from(message.content());
      case USER -> UserMessage.from(message.content());
      case ASSISTANT -> AiMessage.from(message.content());
    };
  }

  private ChatCompletion toCompletion(ChatRequest request, ChatResponse response) {
    String text =
        response.aiMessage() == null || response.aiMessage().text() == null
            ? ""
            : response.aiMessage().text();
    TokenUsage usage = response.tokenUsage();
    int promptTokens =
        usage != null && usage.inputTokenCount() != null
            ? usage.inputTokenCount()
            : tokens.promptTokens(request.messages());
    int completionTokens =
        usage != null && usage.outputTokenCount() != null
            ? usage.outputTokenCount()
            : tokens.textTokens(text);
    return new ChatCompletion(
        text, finishReason(response.finishReason()), promptTokens, completionTokens);
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

  private record ModelKey(String model, Duration timeout) {}
}
