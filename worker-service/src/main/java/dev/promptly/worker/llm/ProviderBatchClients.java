package dev.promptly.worker.llm;

import dev.promptly.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The batch client of each configured provider, by the name catalog entries use. */
public class ProviderBatchClients {
  private final Map<String, ProviderBatchClient> clients;

  ProviderBatchClients(Map<String, ProviderBatchClient> clients) {
    this.clients = Map.copyOf(new LinkedHashMap<>(clients));
  }

  /** The batch client of the provider that serves a catalog entry. */
  public ProviderBatchClient clientFor(ModelSpec spec) {
    ProviderBatchClient client = clients.get(spec.provider());
    if (client == null) {
      // LlmProviders checks every catalog provider at startup; the two share one endpoint list.
      throw new IllegalStateException("no LLM provider named " + spec.provider());
    }
    return client;
  }
}
