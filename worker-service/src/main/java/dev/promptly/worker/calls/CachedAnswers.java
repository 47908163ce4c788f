package dev.promptly.worker.calls;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.cache.ResultCache;
import dev.promptly.worker.cache.SemanticCache;
import dev.promptly.worker.cache.SemanticHit;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.prompts.Prompt;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat's answer from the caches before its model call, and its answer into them after: the exact
 * cache first (free), then the semantic cache (one embedding call, billed to the attempt). Hits,
 * misses and what the hits saved are counted by model and kind.
 */
class CachedAnswers {
  static final String EXACT = "exact";
  static final String SEMANTIC = "semantic";

  private static final Logger log = LoggerFactory.getLogger(CachedAnswers.class);

  private final ResultCache exact;
  private final SemanticCache semantic;
  private final CallGuard guard;
  private final MeterRegistry meters;

  CachedAnswers(ResultCache exact, SemanticCache semantic, CallGuard guard, MeterRegistry meters) {
    this.exact = exact;
    this.semantic = semantic;
    this.guard = guard;
    this.meters = meters;
  }

  /** What the caches said about one request, and what it takes to keep its answer. */
  record Lookup(boolean exact, float[] vector, Optional<ChatCompletion> hit, String kind) {
    static final Lookup NONE = new Lookup(false, null, Optional.empty(), null);
  }

  Lookup find(JobRecord job, ModelSpec spec, Prompt prompt, Duration timeout, AttemptSpend spend) {
    boolean exactCacheable = exact.accepts(job.cacheMode(), prompt);
    if (exactCacheable) {
      Optional<ChatCompletion> hit = exact.find(job.tenantId(), spec.alias(), spec.model(), prompt);
      if (hit.isPresent()) {
        counted(spec, EXACT, hit.get());
        return new Lookup(true, null, hit, EXACT);
      }
    }
    if (!semantic.accepts(job.tenantId(), job.cacheMode(), prompt)) {
      if (exactCacheable) {
        missed(spec, EXACT);
      }
      return new Lookup(exactCacheable, null, Optional.empty(), null);
    }
    float[] vector;
    try {
      vector =
          guard
              .embed(
                  job,
                  semantic.embeddingSpec(),
                  prompt,
                  timeout,
                  spend,
                  () -> semantic.embed(prompt, timeout))
              .vector();
    } catch (RetryableJobException | PermanentJobException e) {
      if (e instanceof PermanentJobException permanent
          && permanent.code() == JobErrorCode.BUDGET_EXCEEDED) {
        throw permanent;
      }
      // The cache is a saving, not a step the answer depends on: without an embedding, ask.
      log.warn("job {}: embedding failed, calling the model: {}", job.id(), e.getMessage());
      missed(spec, SEMANTIC);
      return new Lookup(exactCacheable, null, Optional.empty(), null);
    }
    Optional<SemanticHit> hit = semantic.find(job.tenantId(), spec, prompt, vector);
    if (hit.isEmpty()) {
      missed(spec, SEMANTIC);
      return new Lookup(exactCacheable, vector, Optional.empty(), null);
    }
    counted(spec, SEMANTIC, hit.get().completion());
    return new Lookup(exactCacheable, vector, Optional.of(hit.get().completion()), SEMANTIC);
  }

  /** Keeps a model's answer in the caches the lookup found it may go to. */
  void keep(Lookup lookup, JobRecord job, ModelSpec spec, Prompt prompt, ChatCompletion answer) {
    if (lookup.exact()) {
      exact.store(job.tenantId(), spec.model(), prompt, answer);
    }
    if (lookup.vector() != null) {
      semantic.store(job.tenantId(), spec, prompt, lookup.vector(), answer);
    }
  }

  private void counted(ModelSpec spec, String kind, ChatCompletion hit) {
    meters.counter("promptly.cache.hits", "model", spec.alias(), "kind", kind).increment();
    meters
        .counter("promptly.cache.saved.micros", "model", spec.alias(), "kind", kind)
        .increment(spec.costMicros(hit.promptTokens(), hit.completionTokens()));
  }

  private void missed(ModelSpec spec, String kind) {
    meters.counter("promptly.cache.misses", "model", spec.alias(), "kind", kind).increment();
  }
}
