package dev.promptly.worker.calls;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.budgets.Reservation;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.Embedding;
import dev.promptly.worker.llm.TokenEstimator;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.ratelimit.ProviderRateLimits;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Permit;
import dev.promptly.worker.ratelimit.ProviderRateLimits.Refused;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What stands before each model call: a permit of the model's shared rate limit, then a reservation
 * of the call's worst case (estimated prompt tokens plus the answer's upper bound) in the tenant's
 * budget. What the call cost joins the attempt's spend with its reservation, which the completer
 * settles in the transaction that writes the call's ledger row: the budget and the ledger commit
 * together or not at all. Each call of a map-reduce summary reserves for itself (how many calls a
 * summary needs shows only as it runs), and a call before the last has its reservation cut to what
 * it cost at once, so that the attempt's later calls are not refused for money it no longer needs.
 */
public class CallGuard {
  private final ProviderRateLimits limits;
  private final BudgetLedger budgets;
  private final MeterRegistry meters;
  private final LlmCallRecorder recorder;
  private final TokenEstimator tokens = new TokenEstimator();

  CallGuard(
      ProviderRateLimits limits,
      BudgetLedger budgets,
      MeterRegistry meters,
      LlmCallRecorder recorder) {
    this.limits = limits;
    this.budgets = budgets;
    this.meters = meters;
    this.recorder = recorder;
  }

  /**
   * Makes one model call and adds what it cost to {@code spend}.
   *
   * @param lastOfAttempt whether the attempt ends right after this call (its answer), so its
   *     reservation waits for the ending as it is
   */
  ChatCompletion call(
      JobRecord job,
      ModelSpec spec,
      Prompt prompt,
      Duration timeout,
      AttemptSpend spend,
      boolean lastOfAttempt,
      Supplier<ChatCompletion> call) {
    int promptTokens = tokens.promptTokens(prompt.messages());
    int answerTokens =
        prompt.maxTokens() != null
            ? prompt.maxTokens()
            : Math.max(0, spec.contextWindow() - promptTokens);
    Permit permit =
        switch (limits.acquire(spec, (long) promptTokens + answerTokens)) {
          case Permit admitted -> admitted;
          case Refused refused -> throw new ProviderBusyException(spec.alias(), refused.retryIn());
        };
    try {
      return reserveAndCall(
          job, spec, promptTokens, answerTokens, timeout, spend, lastOfAttempt, call);
    } finally {
      limits.done(permit);
    }
  }

  private ChatCompletion reserveAndCall(
      JobRecord job,
      ModelSpec spec,
      int promptTokens,
      int answerTokens,
      Duration timeout,
      AttemptSpend spend,
      boolean lastOfAttempt,
      Supplier<ChatCompletion> call) {
    Reservation reservation =
        budgets
            .reserve(
                job.tenantId(),
                job.id(),
                job.attempts(),
                spec.costMicros(promptTokens, answerTokens),
                timeout)
            .orElseThrow(
                () ->
                    new PermanentJobException(
                        JobErrorCode.BUDGET_EXCEEDED,
                        "the call's worst-case cost does not fit the tenant's remaining budget",
                        null));
    CallTimer timer = new CallTimer();
    ChatCompletion completion;
    try {
      completion = recorder.record(spec, () -> timer.time(call));
    } catch (RuntimeException | Error e) {
      // A failed call is not billed: the ledger records nothing for it either.
      budgets.release(reservation);
      throw e;
    }
    long cost = spec.costMicros(completion.promptTokens(), completion.completionTokens());
    Reservation held = lastOfAttempt ? reservation : budgets.reduceTo(reservation, cost);
    spend.add(Usage.of(completion, spec, timer.elapsed(), held));
    count(spec, completion, cost);
    return completion;
  }

  /**
   * Makes the semantic cache's embedding call: reserved for its worst case (the text's estimated
   * tokens, nothing to generate) like a model call, cut to its cost once it answered, and added to
   * the attempt's spend under the embedding model.
   */
  Embedding embed(
      JobRecord job,
      ModelSpec embeddingSpec,
      Prompt prompt,
      Duration timeout,
      AttemptSpend spend,
      Supplier<Embedding> call) {
    int promptTokens = tokens.promptTokens(prompt.messages());
    Reservation reservation =
        budgets
            .reserve(
                job.tenantId(),
                job.id(),
                job.attempts(),
                embeddingSpec.costMicros(promptTokens, 0),
                timeout)
            .orElseThrow(
                () ->
                    new PermanentJobException(
                        JobErrorCode.BUDGET_EXCEEDED,
                        "the embedding's worst-case cost does not fit the tenant's remaining budget",
                        null));
    CallTimer timer = new CallTimer();
    Embedding embedding;
    try {
      embedding = timer.time(call);
    } catch (RuntimeException | Error e) {
      budgets.release(reservation);
      throw e;
    }
    long cost = embeddingSpec.costMicros(embedding.promptTokens(), 0);
    Reservation held = budgets.reduceTo(reservation, cost);
    spend.add(Usage.ofEmbedding(embeddingSpec, embedding.promptTokens(), timer.elapsed(), held));
    meters
        .counter("promptly.llm.tokens", "model", embeddingSpec.alias(), "type", "prompt")
        .increment(embedding.promptTokens());
    meters.counter("promptly.llm.cost.micros", "model", embeddingSpec.alias()).increment(cost);
    return embedding;
  }

  private void count(ModelSpec spec, ChatCompletion completion, long cost) {
    meters
        .counter("promptly.llm.tokens", "model", spec.alias(), "type", "prompt")
        .increment(completion.promptTokens());
    meters
        .counter("promptly.llm.tokens", "model", spec.alias(), "type", "completion")
        .increment(completion.completionTokens());
    meters.counter("promptly.llm.cost.micros", "model", spec.alias()).increment(cost);
  }
}
