package dev.promptly.jobstore;

import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The model catalog from configuration; defaults in {@code promptly-catalog.yml}.
 *
 * @param models entries by alias
 */
@Validated
@ConfigurationProperties("promptly.catalog")
public record CatalogProperties(@NotEmpty Map<String, @Valid Entry> models) {

  /**
   * One catalog entry.
   *
   * @param model the provider's model name
   * @param contextWindow context window in tokens
   * @param inputMicrosPerMillion price of a million prompt tokens in micro-dollars
   * @param outputMicrosPerMillion price of a million completion tokens in micro-dollars
   * @param fallback alias to fall back to, or null
   * @param provider the OpenAI-compatible endpoint that serves the model, as the workers name it
   *     under {@code promptly.providers}
   * @param requestsPerMinute calls all workers together may make per rolling minute, 0 for none
   * @param tokensPerMinute estimated tokens all workers together may send per rolling minute, 0 for
   *     no limit
   * @param draftModel alias of a cheaper model that writes a long document's chunk summaries, the
   *     final summary staying with this one; null for none
   * @param batchInputMicrosPerMillion price of a million prompt tokens through the provider's batch
   *     API; null for half the live price
   * @param batchOutputMicrosPerMillion likewise for completion tokens
   */
  public record Entry(
      @NotBlank String model,
      @Positive int contextWindow,
      @PositiveOrZero long inputMicrosPerMillion,
      @PositiveOrZero long outputMicrosPerMillion,
      String fallback,
      @DefaultValue(ModelSpec.DEFAULT_PROVIDER) @NotBlank String provider,
      @DefaultValue("0") @PositiveOrZero int requestsPerMinute,
      @DefaultValue("0") @PositiveOrZero long tokensPerMinute,
      String draftModel,
      @PositiveOrZero Long batchInputMicrosPerMillion,
      @PositiveOrZero Long batchOutputMicrosPerMillion) {}

  /** The catalog these properties describe. */
  public ModelCatalog toCatalog() {
    List<ModelSpec> specs =
        models.entrySet().stream()
            .map(
                entry ->
                    new ModelSpec(
                        entry.getKey(),
                        entry.getValue().model(),
                        entry.getValue().contextWindow(),
                        entry.getValue().inputMicrosPerMillion(),
                        entry.getValue().outputMicrosPerMillion(),
                        entry.getValue().fallback(),
                        entry.getValue().provider(),
                        entry.getValue().requestsPerMinute(),
                        entry.getValue().tokensPerMinute(),
                        entry.getValue().draftModel(),
                        batchPrice(
                            entry.getValue().batchInputMicrosPerMillion(),
                            entry.getValue().inputMicrosPerMillion()),
                        batchPrice(
                            entry.getValue().batchOutputMicrosPerMillion(),
                            entry.getValue().outputMicrosPerMillion())))
            .toList();
    return new ModelCatalog(specs);
  }

  private static long batchPrice(Long configured, long live) {
    return configured != null ? configured : ModelSpec.defaultBatchPrice(live);
  }
}
