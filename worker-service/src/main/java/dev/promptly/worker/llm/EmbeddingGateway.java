package dev.promptly.worker.llm;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeds texts through one OpenAI-compatible endpoint's {@code /v1/embeddings}, with langchain4j's
 * {@link OpenAiEmbeddingModel} built by hand: no retries (the queue owns them), the shared
 * connection pool, one model per name, dimensions and timeout.
 */
public class EmbeddingGateway {
  private final ProviderEndpoint endpoint;
  private final HttpClient http;
  private final Clock clock;
  private final Map<Key, EmbeddingModel> models = new ConcurrentHashMap<>();

  EmbeddingGateway(ProviderEndpoint endpoint, HttpClient http, Clock clock) {
    this.endpoint = endpoint;
    this.http = http;
    this.clock = clock;
  }

  /**
   * The text's embedding, without retrying.
   *
   * @throws dev.promptly.worker.failures.RetryableJobException when another attempt may succeed
   * @throws dev.promptly.worker.failures.PermanentJobException when none can
   */
  public Embedding embed(String model, int dimensions, String text, Duration timeout) {
    EmbeddingModel embedder =
        models.computeIfAbsent(new Key(model, dimensions, timeout), this::build);
    Response<dev.langchain4j.data.embedding.Embedding> response;
    try {
      response = embedder.embed(text);
    } catch (RuntimeException e) {
      throw ProviderErrors.classify(e, timeout);
    }
    Integer tokens = response.tokenUsage() == null ? null : response.tokenUsage().inputTokenCount();
    return new Embedding(response.content().vector(), tokens == null ? 0 : tokens);
  }

  private EmbeddingModel build(Key key) {
    return OpenAiEmbeddingModel.builder()
        .baseUrl(endpoint.baseUrl())
        .apiKey(endpoint.apiKey())
        .modelName(key.model())
        .dimensions(key.dimensions())
        .timeout(key.timeout())
        // The queue owns retries, as for chat models.
        .maxRetries(0)
        .httpClientBuilder(
            new ProviderHttpClientBuilder(
                http, clock, endpoint.name(), key.model(), ProviderAnswerListener.NONE))
        .build();
  }

  private record Key(String model, int dimensions, Duration timeout) {}
}
