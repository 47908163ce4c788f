package dev.promptly.api.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.model.ModelSpec;
import java.util.List;

/**
 * One model of the catalog, as a tenant sees it.
 *
 * @param id the alias to name in a job's {@code model}
 * @param object always {@code model}
 * @param model the provider's model name behind the alias
 * @param contextWindow the context window in tokens
 * @param inputUsdPerMillion price of a million prompt tokens in USD
 * @param outputUsdPerMillion price of a million completion tokens in USD
 * @param fallback alias used when this model is unavailable, or null
 */
record ModelResource(
    String id,
    String object,
    String model,
    @JsonProperty("context_window") int contextWindow,
    @JsonProperty("input_usd_per_million") double inputUsdPerMillion,
    @JsonProperty("output_usd_per_million") double outputUsdPerMillion,
    String fallback) {

  static ModelResource of(ModelSpec spec) {
    return new ModelResource(
        spec.alias(),
        "model",
        spec.model(),
        spec.contextWindow(),
        Money.usd(spec.inputMicrosPerMillion()),
        Money.usd(spec.outputMicrosPerMillion()),
        spec.fallback());
  }

  /** The catalog, in configuration order. */
  record Page(String object, List<ModelResource> data) {}
}
