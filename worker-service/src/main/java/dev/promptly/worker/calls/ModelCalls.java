package dev.promptly.worker.calls;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.ChatInput;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobInput;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.SummarizeInput;
import dev.promptly.worker.attempts.AttemptSpend;
import dev.promptly.worker.circuit.CallPermit;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.ChatRequest;
import dev.promptly.worker.llm.LlmGateway;
import dev.promptly.worker.llm.LlmProviders;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import dev.promptly.worker.summaries.MapReduceSummarizer;
import dev.promptly.worker.summaries.Summary;
import dev.promptly.worker.summaries.SummaryCalls;
import java.time.Duration;

/**
 * Runs a job's input on one model of the catalog: a chat as one call, a summary as one call or
 * many. The call that makes the answer (the chat, the summary's only or final call) streams to the
 * job's live listeners when {@link LiveAnswers} says so. Every call is charged to the attempt, and
 * what the calls said about the provider goes to its circuit through the permit.
 */
public class ModelCalls {
  private final LlmProviders providers;
  private final PromptRenderer prompts;
  private final MapReduceSummarizer summarizer;
  private final InFlightJobs inFlight;
  private final JobProgress progress;
  private final LiveAnswers live;
  private final CallGuard guard;
  private final CachedAnswers cache;
  private final ModelCatalog catalog;

  ModelCalls(
      LlmProviders providers,
      PromptRenderer prompts,
      MapReduceSummarizer summarizer,
      InFlightJobs inFlight,
      JobProgress progress,
      LiveAnswers live,
      CallGuard guard,
      CachedAnswers cache,
      ModelCatalog catalog) {
    this.providers = providers;
    this.prompts = prompts;
    this.summarizer = summarizer;
    this.inFlight = inFlight;
    this.progress = progress;
    this.live = live;
    this.guard = guard;
    this.cache = cache;
    this.catalog = catalog;
  }

  JobAnswer run(
      JobRecord job, JobInput input, ModelSpec spec, CallPermit permit, AttemptSpend spend) {
    LlmGateway gateway = providers.gatewayFor(spec);
    Duration timeout = Duration.ofSeconds(job.timeoutSeconds());
    try {
      JobAnswer answer =
          inFlight.call(
              job.id(),
              timeout,
              () ->
                  switch (input) {
                    case ChatInput chat -> chat(job, gateway, spec, chat, timeout, spend);
                    case SummarizeInput summary ->
                        summary(job, gateway, spec, summary, timeout, spend);
                  });
      // A cached answer never reached the provider and says nothing about it.
      if (!spend.isAllCached()) {
        permit.recordSuccess();
      }
      return answer;
    } catch (RetryableJobException e) {
      if (e.isProviderFault()) {
        permit.recordFailure(e);
        if (permit.isTrial() || permit.isCircuitOpen()) {
          throw new CircuitOpenedException(e);
        }
      } else {
        permit.recordSuccess();
      }
      throw e;
    } catch (PermanentJobException e) {
      // The provider answered, so it is up; only the request was wrong. A call refused by the
      // budget never reached it and says nothing about it.
      if (e.code() != JobErrorCode.BUDGET_EXCEEDED) {
        permit.recordSuccess();
      }
      throw e;
    }
  }

  private JobAnswer chat(
      JobRecord job,
      LlmGateway gateway,
      ModelSpec spec,
      ChatInput input,
      Duration timeout,
      AttemptSpend spend) {
    Prompt prompt = prompts.render(input);
    CachedAnswers.Lookup lookup = cache.find(job, spec, prompt, timeout, spend);
    if (lookup.hit().isPresent()) {
      ChatCompletion cached = lookup.hit().get();
      spend.addCached(cached, spec, lookup.kind());
      return new JobAnswer(
          spec, cached.text(), cached.finishReason(), cached.refusal(), null, null, lookup.kind());
    }
    ChatRequest request = request(spec, prompt, timeout);
    ChatCompletion completion =
        guard.call(job, spec, prompt, timeout, spend, true, () -> answer(job, gateway, request));
    cache.keep(lookup, job, spec, prompt, completion);
    return new JobAnswer(
        spec, completion.text(), completion.finishReason(), completion.refusal(), null, null);
  }

  private JobAnswer summary(
      JobRecord job,
      LlmGateway gateway,
      ModelSpec spec,
      SummarizeInput input,
      Duration timeout,
      AttemptSpend spend) {
    // A draft model writes the chunk summaries; the job's model merges them into the answer.
    ModelSpec drafter = catalog.draftOf(spec).orElse(spec);
    LlmGateway draftGateway = drafter == spec ? gateway : providers.gatewayFor(drafter);
    SummaryCalls calls =
        new SummaryCalls() {
          @Override
          public ChatCompletion complete(Prompt prompt) {
            return guard.call(
                job,
                spec,
                prompt,
                timeout,
                spend,
                false,
                () -> gateway.complete(request(spec, prompt, timeout)));
          }

          @Override
          public ChatCompletion completeChunk(Prompt prompt) {
            return guard.call(
                job,
                drafter,
                prompt,
                timeout,
                spend,
                false,
                () -> draftGateway.complete(request(drafter, prompt, timeout)));
          }

          @Override
          public ChatCompletion completeAnswer(Prompt prompt) {
            return guard.call(
                job,
                spec,
                prompt,
                timeout,
                spend,
                true,
                () -> answer(job, gateway, request(spec, prompt, timeout)));
          }
        };
    // Chunks are cut to fit both models.
    int window = Math.min(spec.contextWindow(), drafter.contextWindow());
    Summary summary =
        summarizer.summarize(input, window, calls, detail -> progress.record(job.id(), detail));
    return new JobAnswer(
        spec,
        summary.text(),
        summary.finishReason(),
        summary.refusal(),
        summary.chunks(),
        summary.passes());
  }

  /** The call whose text is the job's answer: streamed while someone may be listening. */
  private ChatCompletion answer(JobRecord job, LlmGateway gateway, ChatRequest request) {
    return live.streams(job)
        ? gateway.stream(request, live.deltasOf(job))
        : gateway.complete(request);
  }

  private static ChatRequest request(ModelSpec spec, Prompt prompt, Duration timeout) {
    return new ChatRequest(
        spec.model(), prompt.messages(), prompt.temperature(), prompt.maxTokens(), timeout);
  }
}
