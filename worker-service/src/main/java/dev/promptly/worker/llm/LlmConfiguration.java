package dev.promptly.worker.llm;

import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The model gateways, built by us rather than by a starter, so that retries stay off. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);

  @Bean
  LlmProviders llmProviders(
      LlmProperties llm,
      ProvidersProperties configured,
      ModelCatalog catalog,
      Clock clock,
      ObjectProvider<ProviderAnswerListener> listeners) {
    List<ProviderAnswerListener> heard = listeners.orderedStream().toList();
    ProviderAnswerListener listener = answer -> heard.forEach(each -> each.answered(answer));
    Map<String, ProviderEndpoint> endpoints = endpoints(llm, configured);
    // All providers share one connection pool: hundreds of concurrent calls, few sockets each.
    HttpClient http = ProviderHttpClient.sharedJdkClient(llm.connectTimeout());
    Map<String, LlmGateway> gateways = new LinkedHashMap<>();
    endpoints.forEach(
        (name, endpoint) -> {
          log.info(endpoint.describe());
          gateways.put(name, new OpenAiCompatibleGateway(endpoint, http, clock, listener));
        });
    LlmProviders providers = new LlmProviders(gateways);
    providers.requireEveryProviderOf(catalog);
    return providers;
  }

  /** The same endpoints as the live gateways: a provider's batches go where its live calls go. */
  @Bean
  ProviderBatchClients providerBatchClients(
      LlmProperties llm,
      ProvidersProperties configured,
      ProviderBatchProperties batches,
      Clock clock) {
    // Apart from the live calls' pool: a long file transfer must not hold one of its connections.
    HttpClient http = ProviderHttpClient.sharedJdkClient(llm.connectTimeout());
    JsonMapper json = JsonMapper.builder().build();
    Map<String, ProviderBatchClient> clients = new LinkedHashMap<>();
    endpoints(llm, configured)
        .forEach(
            (name, endpoint) ->
                clients.put(name, new ProviderBatchClient(endpoint, http, batches, clock, json)));
    return new ProviderBatchClients(clients);
  }

  /** Embeddings by provider name, over the same endpoints and connection pool as chat calls. */
  @Bean
  ProviderEmbeddings providerEmbeddings(
      LlmProperties llm, ProvidersProperties configured, Clock clock) {
    HttpClient http = ProviderHttpClient.sharedJdkClient(llm.connectTimeout());
    Map<String, EmbeddingGateway> gateways = new LinkedHashMap<>();
    endpoints(llm, configured)
        .forEach(
            (name, endpoint) -> gateways.put(name, new EmbeddingGateway(endpoint, http, clock)));
    return new ProviderEmbeddings(gateways);
  }

  private static Map<String, ProviderEndpoint> endpoints(
      LlmProperties llm, ProvidersProperties configured) {
    Map<String, ProviderEndpoint> endpoints = new LinkedHashMap<>();
    // The default provider is OPENAI_BASE_URL / OPENAI_API_KEY (promptly.llm) unless
    // promptly.providers.default replaces it.
    endpoints.put(
        ModelSpec.DEFAULT_PROVIDER,
        new ProviderEndpoint(ModelSpec.DEFAULT_PROVIDER, llm.baseUrl(), llm.apiKey()));
    configured
        .providers()
        .forEach(
            (name, provider) ->
                endpoints.put(
                    name, new ProviderEndpoint(name, provider.baseUrl(), provider.apiKey())));
    return endpoints;
  }
}
