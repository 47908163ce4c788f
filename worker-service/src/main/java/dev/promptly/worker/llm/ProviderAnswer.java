package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * One answer of a provider, as {@link ProviderAnswerListener}s hear of it: successes and failures
 * alike, streamed or not.
 *
 * @param provider the provider's name in the catalog, e.g. {@code default}
 * @param model the provider's model name, e.g. {@code gpt-4o-mini}
 * @param status the HTTP status
 * @param limits what the answer said of the provider's rate limits
 */
public record ProviderAnswer(String provider, String model, int status, ProviderLimits limits) {

  public ProviderAnswer {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(limits, "limits");
  }

  /** Whether the provider refused the call for its rate limit. */
  public boolean rateLimited() {
    return status == 429;
  }
}
