package dev.promptly.worker.calls;

import dev.promptly.model.ModelSpec;
import java.util.Objects;

/**
 * What a job's model calls came to, and which model gave it.
 *
 * @param servedBy the catalog entry that answered: the job's own, or its fallback
 * @param text the answer
 * @param finishReason {@code stop}, {@code length} or {@code content_filter} (also for a refusal)
 * @param refusal the model's refusal, or null
 * @param chunks for a summary, how many parts the text was summarized in; null for a chat
 * @param passes for a summary, the rounds of model calls it took; null for a chat
 * @param cacheHit the cache that gave the answer, {@code exact} or {@code semantic}; null when a
 *     model made it
 */
public record JobAnswer(
    ModelSpec servedBy,
    String text,
    String finishReason,
    String refusal,
    Integer chunks,
    Integer passes,
    String cacheHit) {

  public JobAnswer {
    Objects.requireNonNull(servedBy, "servedBy");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
  }

  /** An answer a model made. */
  public JobAnswer(
      ModelSpec servedBy,
      String text,
      String finishReason,
      String refusal,
      Integer chunks,
      Integer passes) {
    this(servedBy, text, finishReason, refusal, chunks, passes, null);
  }
}
