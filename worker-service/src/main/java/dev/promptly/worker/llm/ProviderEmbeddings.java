package dev.promptly.worker.llm;

import java.util.Map;
import java.util.Optional;

/** The embedding gateway of each configured provider, by the name the catalog uses. */
public class ProviderEmbeddings {
  private final Map<String, EmbeddingGateway> gateways;

  ProviderEmbeddings(Map<String, EmbeddingGateway> gateways) {
    this.gateways = Map.copyOf(gateways);
  }

  /** The provider's gateway, if a provider of that name is configured. */
  public Optional<EmbeddingGateway> of(String provider) {
    return Optional.ofNullable(gateways.get(provider));
  }
}
