package dev.promptly.worker.llm;

import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateway of each configured provider, by the name catalog entries use. */
public class LlmProviders {
  private final Map<String, LlmGateway> gateways;

  LlmProviders(Map<String, LlmGateway> gateways) {
    this.gateways = Map.copyOf(new LinkedHashMap<>(gateways));
  }

  /** The gateway of the provider that serves a catalog entry. */
  public LlmGateway gatewayFor(ModelSpec spec) {
    LlmGateway gateway = gateways.get(spec.provider());
    if (gateway == null) {
      // Checked at startup (requireEveryProviderOf), so only a catalog changed since can get here.
      throw new IllegalStateException("no LLM provider named " + spec.provider());
    }
    return gateway;
  }

  /** The base URLs of all providers, e.g. to create their circuit breakers up front. */
  public Collection<String> baseUrls() {
    return gateways.values().stream().map(LlmGateway::baseUrl).distinct().toList();
  }

  /** Fails startup when a catalog entry names a provider that is not configured. */
  void requireEveryProviderOf(ModelCatalog catalog) {
    for (ModelSpec spec : catalog.models()) {
      if (!gateways.containsKey(spec.provider())) {
        throw new IllegalStateException(
            "model "
                + spec.alias()
                + " names provider '"
                + spec.provider()
                + "', which is not configured: set promptly.providers."
                + spec.provider()
                + ".base-url (configured: "
                + gateways.keySet()
                + ")");
      }
    }
  }
}
