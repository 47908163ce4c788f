package dev.promptly.worker.cache;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The semantic cache: a request close enough to an earlier one of the same tenant, model, system
 * prompt and sampling settings gets the earlier answer. Needs pgvector in the database.
 *
 * @param enabled whether jobs may use the semantic cache at all
 * @param similarityThreshold the least cosine similarity of two requests' embeddings that counts as
 *     the same question (see the README for how it was chosen)
 * @param ttl how long an answer stays in the semantic cache
 * @param maxEntriesPerTenant the most answers kept per tenant; the oldest beyond it are pruned
 * @param pruneEvery how many answers this worker stores for a tenant between two prunes of it
 * @param provider the provider, as the catalog names it, whose {@code /v1/embeddings} is called
 * @param embeddingModel the embedding model's name at that provider
 * @param dimensions the embedding's length; must match the database column (V35: 512)
 * @param inputMicrosPerMillion price of a million embedded tokens in micro-dollars
 * @param efSearch HNSW candidates a lookup considers: more finds closer matches, more slowly (40:
 *     p99 8.4 ms at 100,000 entries, 100: 19.5 ms; bench/NOTES.md)
 * @param settingsTtl how long a tenant's cache settings are remembered at most
 */
@Validated
@ConfigurationProperties("promptly.semantic-cache")
public record SemanticCacheProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("0.83") @DecimalMin("0.0") @DecimalMax("1.0") double similarityThreshold,
    @DefaultValue("24h") @NotNull Duration ttl,
    @DefaultValue("100000") @Positive int maxEntriesPerTenant,
    @DefaultValue("100") @Positive int pruneEvery,
    @DefaultValue("default") @NotBlank String provider,
    @DefaultValue("text-embedding-3-small") @NotBlank String embeddingModel,
    @DefaultValue("512") @Positive int dimensions,
    @DefaultValue("20000") @PositiveOrZero long inputMicrosPerMillion,
    @DefaultValue("40") @Positive int efSearch,
    @DefaultValue("1m") @NotNull Duration settingsTtl) {
  public SemanticCacheProperties {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("semantic cache ttl must be positive");
    }
  }
}
