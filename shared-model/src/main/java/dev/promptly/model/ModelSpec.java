package dev.promptly.model;

import java.util.Objects;

/**
 * One entry of the model catalog: what an alias resolves to and what it costs.
 *
 * @param alias the name clients use, e.g. {@code default}, {@code fast}
 * @param model the provider's model name, e.g. {@code gpt-4o-mini}
 * @param contextWindow the model's context window in tokens
 * @param inputMicrosPerMillion price of one million prompt tokens in micro-dollars
 * @param outputMicrosPerMillion price of one million completion tokens in micro-dollars
 * @param fallback alias of the model to use when this one is unavailable, or null
 * @param provider name of the OpenAI-compatible endpoint that serves the model, {@value
 *     #DEFAULT_PROVIDER} unless the catalog names another
 * @param requestsPerMinute calls all workers together may make to this model per rolling minute, 0
 *     for no limit
 * @param tokensPerMinute tokens (prompt and answer, estimated before the call) all workers together
 *     may send to this model per rolling minute, 0 for no limit
 * @param draftModel alias of a cheaper model that drafts for this one (a long document's chunk
 *     summaries), or null: this model does all the work
 * @param batchInputMicrosPerMillion price of one million prompt tokens through the provider's batch
 *     API (completion window 24h) in micro-dollars; half the live price unless the catalog says
 * @param batchOutputMicrosPerMillion likewise for completion tokens
 */
public record ModelSpec(
    String alias,
    String model,
    int contextWindow,
    long inputMicrosPerMillion,
    long outputMicrosPerMillion,
    String fallback,
    String provider,
    int requestsPerMinute,
    long tokensPerMinute,
    String draftModel,
    long batchInputMicrosPerMillion,
    long batchOutputMicrosPerMillion) {
  /** The provider a catalog entry uses when it names none. */
  public static final String DEFAULT_PROVIDER = "default";

  private static final long MILLION = 1_000_000L;

  public ModelSpec {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(provider, "provider");
    if (provider.isBlank()) {
      throw new IllegalArgumentException("provider must not be blank: " + alias);
    }
    if (contextWindow <= 0) {
      throw new IllegalArgumentException("context window must be positive: " + alias);
    }
    if (inputMicrosPerMillion < 0 || outputMicrosPerMillion < 0) {
      throw new IllegalArgumentException("prices must not be negative: " + alias);
    }
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException("rate limits must not be negative: " + alias);
    }
    if (batchInputMicrosPerMillion < 0 || batchOutputMicrosPerMillion < 0) {
      throw new IllegalArgumentException("batch prices must not be negative: " + alias);
    }
  }

  /** An entry at the default batch prices: half the live ones, rounded up. */
  public ModelSpec(
      String alias,
      String model,
      int contextWindow,
      long inputMicrosPerMillion,
      long outputMicrosPerMillion,
      String fallback,
      String provider,
      int requestsPerMinute,
      long tokensPerMinute,
      String draftModel) {
    this(
        alias,
        model,
        contextWindow,
        inputMicrosPerMillion,
        outputMicrosPerMillion,
        fallback,
        provider,
        requestsPerMinute,
        tokensPerMinute,
        draftModel,
        defaultBatchPrice(inputMicrosPerMillion),
        defaultBatchPrice(outputMicrosPerMillion));
  }

  /** The default batch price for a live one: half, rounded up. */
  public static long defaultBatchPrice(long liveMicrosPerMillion) {
    return Math.ceilDiv(liveMicrosPerMillion, 2);
  }

  /** An entry without a draft model. */
  public ModelSpec(
      String alias,
      String model,
      int contextWindow,
      long inputMicrosPerMillion,
      long outputMicrosPerMillion,
      String fallback,
      String provider,
      int requestsPerMinute,
      long tokensPerMinute) {
    this(
        alias,
        model,
        contextWindow,
        inputMicrosPerMillion,
        outputMicrosPerMillion,
        fallback,
        provider,
        requestsPerMinute,
        tokensPerMinute,
        null);
  }

  /** An entry without provider rate limits. */
  public ModelSpec(
      String alias,
      String model,
      int contextWindow,
      long inputMicrosPerMillion,
      long outputMicrosPerMillion,
      String fallback,
      String provider) {
    this(
        alias,
        model,
        contextWindow,
        inputMicrosPerMillion,
        outputMicrosPerMillion,
        fallback,
        provider,
        0,
        0);
  }

  /** An entry served by the {@value #DEFAULT_PROVIDER} provider. */
  public ModelSpec(
      String alias,
      String model,
      int contextWindow,
      long inputMicrosPerMillion,
      long outputMicrosPerMillion,
      String fallback) {
    this(
        alias,
        model,
        contextWindow,
        inputMicrosPerMillion,
        outputMicrosPerMillion,
        fallback,
        DEFAULT_PROVIDER);
  }

  /** Cost of a call in micro-dollars, rounded up so that fractions are never given away. */
  public long costMicros(long promptTokens, long completionTokens) {
    return ceilDiv(promptTokens * inputMicrosPerMillion, MILLION)
        + ceilDiv(completionTokens * outputMicrosPerMillion, MILLION);
  }

  /**
   * Cost of a call made through the provider's batch API, at the batch prices, in micro-dollars,
   * rounded up.
   */
  public long batchCostMicros(long promptTokens, long completionTokens) {
    return ceilDiv(promptTokens * batchInputMicrosPerMillion, MILLION)
        + ceilDiv(completionTokens * batchOutputMicrosPerMillion, MILLION);
  }

  /**
   * This entry priced at its batch prices: what a call through the provider's batch API costs is
   * then {@link #costMicros}.
   */
  public ModelSpec atBatchPrices() {
    return new ModelSpec(
        alias,
        model,
        contextWindow,
        batchInputMicrosPerMillion,
        batchOutputMicrosPerMillion,
        fallback,
        provider,
        requestsPerMinute,
        tokensPerMinute,
        draftModel,
        batchInputMicrosPerMillion,
        batchOutputMicrosPerMillion);
  }

  private static long ceilDiv(long dividend, long divisor) {
    return Math.ceilDiv(dividend, divisor);
  }
}
