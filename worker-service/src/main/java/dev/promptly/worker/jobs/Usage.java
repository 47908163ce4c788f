package dev.promptly.worker.jobs;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ChatCompletion;
import java.util.Objects;

/**
 * What one model call consumed, priced with the catalog entry of the model that served it.
 *
 * @param model the provider's model name that served the call
 * @param promptTokens tokens billed for the prompt
 * @param completionTokens tokens billed for the answer
 * @param costMicros the price in micro-dollars, rounded up; 0 for a cached answer
 * @param cached whether the answer came from the result cache instead of the provider
 */
record Usage(
    String model, int promptTokens, int completionTokens, long costMicros, boolean cached) {

  Usage {
    Objects.requireNonNull(model, "model");
  }

  Usage(String model, int promptTokens, int completionTokens, long costMicros) {
    this(model, promptTokens, completionTokens, costMicros, false);
  }

  static Usage of(ChatCompletion completion, ModelSpec spec) {
    return new Usage(
        spec.model(),
        completion.promptTokens(),
        completion.completionTokens(),
        spec.costMicros(completion.promptTokens(), completion.completionTokens()));
  }

  /** A cached answer: the tokens it once took, at no cost. */
  static Usage ofCached(ChatCompletion completion, ModelSpec spec) {
    return new Usage(
        spec.model(), completion.promptTokens(), completion.completionTokens(), 0, true);
  }
}
