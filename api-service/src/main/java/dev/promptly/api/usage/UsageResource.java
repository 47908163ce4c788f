package dev.promptly.api.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's usage over a range of UTC days, and its budget now.
 *
 * @param object always {@code usage}
 * @param from the first day, inclusive
 * @param to the last day, inclusive
 * @param data tokens and cost per day and model, oldest day first
 * @param budget the tenant's current period, or null without a budget
 * @param savedUsd what the caches saved over the range: the cost of the calls their answers
 *     replaced
 * @param cacheHits answers from the caches over the range, by kind ({@code exact}, {@code
 *     semantic})
 */
public record UsageResource(
    String object,
    LocalDate from,
    LocalDate to,
    List<DailyUsage> data,
    Budget budget,
    @JsonProperty("saved_usd") double savedUsd,
    @JsonProperty("cache_hits") CacheHits cacheHits) {

  /** Answers from each cache. */
  public record CacheHits(
      @JsonProperty("exact") long exact, @JsonProperty("semantic") long semantic) {}

  /**
   * What one model used on one UTC day.
   *
   * @param date the day
   * @param model the provider's model name that served the calls
   * @param calls model calls, cached answers included
   * @param cachedCalls calls answered from the result cache, at no cost
   * @param promptTokens prompt tokens billed
   * @param completionTokens completion tokens billed
   * @param totalTokens both together
   * @param costUsd the cost in USD
   * @param savedUsd what this model's cached answers saved that day
   * @param cacheHits this model's cached answers that day, by kind
   */
  public record DailyUsage(
      LocalDate date,
      String model,
      long calls,
      @JsonProperty("cached_calls") long cachedCalls,
      @JsonProperty("prompt_tokens") long promptTokens,
      @JsonProperty("completion_tokens") long completionTokens,
      @JsonProperty("total_tokens") long totalTokens,
      @JsonProperty("cost_usd") double costUsd,
      @JsonProperty("saved_usd") double savedUsd,
      @JsonProperty("cache_hits") CacheHits cacheHits) {}

  /**
   * The tenant's budget in its current period.
   *
   * @param period {@code daily} or {@code monthly}, in UTC
   * @param limitUsd the limit of one period
   * @param spentUsd settled cost of this period's calls
   * @param reservedUsd worst cases held for calls in flight
   */
  public record Budget(
      String period,
      @JsonProperty("limit_usd") double limitUsd,
      @JsonProperty("spent_usd") double spentUsd,
      @JsonProperty("reserved_usd") double reservedUsd) {}
}
