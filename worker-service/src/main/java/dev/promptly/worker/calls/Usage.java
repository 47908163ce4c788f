package dev.promptly.worker.calls;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.budgets.Reservation;
import dev.promptly.worker.llm.ChatCompletion;
import java.time.Duration;
import java.util.Objects;

/**
 * What one model call consumed, priced with the catalog entry of the model that served it.
 *
 * @param model the provider's model name that served the call
 * @param promptTokens tokens billed for the prompt
 * @param completionTokens tokens billed for the answer
 * @param costMicros the price in micro-dollars, rounded up; 0 for a cached answer
 * @param cached whether the answer came from the result cache instead of the provider
 * @param duration how long the provider took to answer; zero for a cached answer
 * @param reservation the budget held for the call, settled to {@code costMicros} in the transaction
 *     that writes the call's ledger row, so that the ledger and the budget agree
 * @param cacheHit for a cached answer, the cache that gave it ({@code exact} or {@code semantic});
 *     null for a call
 * @param savedMicros for a cached answer, what the call would have cost; 0 for a call
 * @param embedding whether the call embedded the request for the semantic cache rather than
 *     answering it
 * @param providerBatch whether the call was a line of a provider batch, priced at the batch price;
 *     {@code savedMicros} is then what the live price would have cost more
 */
public record Usage(
    String model,
    int promptTokens,
    int completionTokens,
    long costMicros,
    boolean cached,
    Duration duration,
    Reservation reservation,
    String cacheHit,
    long savedMicros,
    boolean embedding,
    boolean providerBatch) {

  public Usage {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(reservation, "reservation");
  }

  /** A call made live (or answered by a cache). */
  public Usage(
      String model,
      int promptTokens,
      int completionTokens,
      long costMicros,
      boolean cached,
      Duration duration,
      Reservation reservation,
      String cacheHit,
      long savedMicros,
      boolean embedding) {
    this(
        model,
        promptTokens,
        completionTokens,
        costMicros,
        cached,
        duration,
        reservation,
        cacheHit,
        savedMicros,
        embedding,
        false);
  }

  /**
   * A line of a provider batch that answered: priced at the entry's batch price, with what the live
   * price would have cost more as its saving.
   */
  public static Usage ofProviderBatch(
      ChatCompletion completion, ModelSpec spec, Reservation reservation) {
    long live = spec.costMicros(completion.promptTokens(), completion.completionTokens());
    long batch = spec.batchCostMicros(completion.promptTokens(), completion.completionTokens());
    return new Usage(
        spec.model(),
        completion.promptTokens(),
        completion.completionTokens(),
        batch,
        false,
        Duration.ZERO,
        reservation,
        null,
        Math.max(0, live - batch),
        false,
        true);
  }

  /** A model call that answered. */
  public Usage(
      String model,
      int promptTokens,
      int completionTokens,
      long costMicros,
      boolean cached,
      Duration duration,
      Reservation reservation) {
    this(
        model,
        promptTokens,
        completionTokens,
        costMicros,
        cached,
        duration,
        reservation,
        null,
        0,
        false);
  }

  /** An embedding call of the semantic cache, priced with its own catalog of one. */
  public static Usage ofEmbedding(
      ModelSpec spec, int promptTokens, Duration duration, Reservation reservation) {
    return new Usage(
        spec.model(),
        promptTokens,
        0,
        spec.costMicros(promptTokens, 0),
        false,
        duration,
        reservation,
        null,
        0,
        true);
  }

  public static Usage of(
      ChatCompletion completion, ModelSpec spec, Duration duration, Reservation reservation) {
    return new Usage(
        spec.model(),
        completion.promptTokens(),
        completion.completionTokens(),
        spec.costMicros(completion.promptTokens(), completion.completionTokens()),
        false,
        duration,
        reservation);
  }

  /**
   * A cached answer: the tokens it once took, at no cost and in no provider time; what it saved is
   * what those tokens cost on the model now.
   */
  public static Usage ofCached(ChatCompletion completion, ModelSpec spec, String cacheHit) {
    return new Usage(
        spec.model(),
        completion.promptTokens(),
        completion.completionTokens(),
        0,
        true,
        Duration.ZERO,
        Reservation.UNLIMITED,
        cacheHit,
        spec.costMicros(completion.promptTokens(), completion.completionTokens()),
        false);
  }
}
