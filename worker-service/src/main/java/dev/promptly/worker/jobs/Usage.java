package dev.promptly.worker.jobs;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.llm.ChatCompletion;

/**
 * What one model call consumed, priced with the catalog entry of the job's model.
 *
 * @param promptTokens tokens billed for the prompt
 * @param completionTokens tokens billed for the answer
 * @param costMicros the price in micro-dollars, rounded up
 */
record Usage(int promptTokens, int completionTokens, long costMicros) {

  static Usage of(ChatCompletion completion, ModelSpec spec) {
    return new Usage(
        completion.promptTokens(),
        completion.completionTokens(),
        spec.costMicros(completion.promptTokens(), completion.completionTokens()));
  }
}
