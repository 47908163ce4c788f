package dev.promptly.worker.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.failures.PermanentJobException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link LlmGateway} over one OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, LiteLLM, the
 * emulator) through langchain4j's {@link OpenAiChatModel} and {@link OpenAiStreamingChatModel}. A
 * model is built once per model name and timeout and reused; all share one connection pool.
 */
class OpenAiCompatibleGateway implements LlmGateway {
  private final ProviderEndpoint endpoint;
  private final HttpClient http;
  private final Clock clock;
  private final ProviderAnswerListener listener;
  private final ResponseReader reader = new ResponseReader();
  private final Map<ModelKey, ChatModel> models = new ConcurrentHashMap<>();
  private final Map<ModelKey, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

  OpenAiCompatibleGateway(ProviderEndpoint endpoint, HttpClient http, Clock clock) {
    this(endpoint, http, clock, ProviderAnswerListener.NONE);
  }

  OpenAiCompatibleGateway(
      ProviderEndpoint endpoint, HttpClient http, Clock clock, ProviderAnswerListener listener) {
    this.endpoint = endpoint;
    this.http = http;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public ChatCompletion complete(ChatRequest request) {
    dev.langchain4j.model.chat.request.ChatRequest providerRequest = toProviderRequest(request);
    ChatModel model = models.computeIfAbsent(ModelKey.of(request), this::build);
    ChatResponse response;
    try {
      response = model.chat(providerRequest);
    } catch (RuntimeException e) {
      Optional<String> refusal = ProviderErrors.refusalOf(e);
      if (refusal.isPresent()) {
        return reader.refusal(request, refusal.get());
      }
      throw ProviderErrors.classify(e, request.timeout());
    }
    return reader.read(request, response);
  }

  @Override
  public ChatCompletion stream(ChatRequest request, Consumer<String> deltas) {
    dev.langchain4j.model.chat.request.ChatRequest providerRequest = toProviderRequest(request);
    StreamingChatModel model =
        streamingModels.computeIfAbsent(ModelKey.of(request), this::buildStreaming);
    StreamCollector collector = new StreamCollector(deltas);
    try {
      model.chat(providerRequest, collector);
    } catch (RuntimeException e) {
      throw ProviderErrors.classify(e, request.timeout());
    }
    return reader.read(request, collector.await(request.timeout()));
  }

  @Override
  public String baseUrl() {
    return endpoint.baseUrl();
  }

  private ChatModel build(ModelKey key) {
    return OpenAiChatModel.builder()
        .baseUrl(endpoint.baseUrl())
        .apiKey(endpoint.apiKey())
        .modelName(key.model())
        .timeout(key.timeout())
        // The queue owns retries: a retry here would hold the message and hide the failure.
        .maxRetries(0)
        .httpClientBuilder(httpClientBuilder(key))
        .build();
  }

  private StreamingChatModel buildStreaming(ModelKey key) {
    // A streaming model never retries; usage is asked for, and estimated when it does not come.
    return OpenAiStreamingChatModel.builder()
        .baseUrl(endpoint.baseUrl())
        .apiKey(endpoint.apiKey())
        .modelName(key.model())
        .timeout(key.timeout())
        .httpClientBuilder(httpClientBuilder(key))
        .build();
  }

  private ProviderHttpClientBuilder httpClientBuilder(ModelKey key) {
    return new ProviderHttpClientBuilder(http, clock, endpoint.name(), key.model(), listener);
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

  private record ModelKey(String model, Duration timeout) {
    static ModelKey of(ChatRequest request) {
      return new ModelKey(request.model(), request.timeout());
    }
  }
}
