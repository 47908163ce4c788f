package dev.promptly.worker.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.ChatInput;
import dev.promptly.model.JobInput;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.SummarizeInput;
import dev.promptly.worker.circuit.CallPermit;
import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.llm.ChatRequest;
import dev.promptly.worker.llm.LlmGateway;
import dev.promptly.worker.llm.LlmProviders;
import dev.promptly.worker.prompts.Prompt;
import dev.promptly.worker.prompts.PromptRenderer;
import dev.promptly.worker.summaries.MapReduceSummarizer;
import dev.promptly.worker.summaries.Summary;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs a job's input on one model of the catalog: a chat as one call (streamed when configured), a
 * summary as one call or many. Every call is charged to the attempt, and what the calls said about
 * the provider goes to its circuit through the permit.
 */
class ModelCalls {
  private final LlmProviders providers;
  private final PromptRenderer prompts;
  private final MapReduceSummarizer summarizer;
  private final InFlightJobs inFlight;
  private final JobProgress progress;
  private final StreamingProperties streaming;
  private final Counter streamedDeltas;

  ModelCalls(
      LlmProviders providers,
      PromptRenderer prompts,
      MapReduceSummarizer summarizer,
      InFlightJobs inFlight,
      JobProgress progress,
      StreamingProperties streaming,
      Counter streamedDeltas) {
    this.providers = providers;
    this.prompts = prompts;
    this.summarizer = summarizer;
    this.inFlight = inFlight;
    this.progress = progress;
    this.streaming = streaming;
    this.streamedDeltas = streamedDeltas;
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
                    case ChatInput chat -> chat(gateway, spec, chat, timeout, spend);
                    case SummarizeInput summary ->
                        summary(job, gateway, spec, summary, timeout, spend);
                  });
      permit.recordSuccess();
      return answer;
    } catch (RetryableJobException e) {
      if (e.isProviderFault()) {
        permit.recordFailure(e);
        if (permit.isCircuitOpen()) {
          throw new CircuitOpenedException(e);
        }
      } else {
        permit.recordSuccess();
      }
      throw e;
    } catch (PermanentJobException e) {
      // The provider answered, so it is up; only the request was wrong.
      permit.recordSuccess();
      throw e;
    }
  }

  private JobAnswer chat(
      LlmGateway gateway, ModelSpec spec, ChatInput input, Duration timeout, AttemptSpend spend) {
    ChatRequest request = request(spec, prompts.render(input), timeout);
    ChatCompletion completion =
        streaming.streaming() ? gateway.stream(request, deltas()) : gateway.complete(request);
    spend.add(completion, spec);
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
    Summary summary =
        summarizer.summarize(
            input,
            spec.contextWindow(),
            prompt -> {
              ChatCompletion completion = gateway.complete(request(spec, prompt, timeout));
              spend.add(completion, spec);
              return completion;
            },
            detail -> progress.record(job.id(), detail));
    return new JobAnswer(
        spec,
        summary.text(),
        summary.finishReason(),
        summary.refusal(),
        summary.chunks(),
        summary.passes());
  }

  // The next step (SSE) publishes the deltas to the job's listeners; until then they are counted.
  private Consumer<String> deltas() {
    return delta -> streamedDeltas.increment();
  }

  private static ChatRequest request(ModelSpec spec, Prompt prompt, Duration timeout) {
    return new ChatRequest(
        spec.model(), prompt.messages(), prompt.temperature(), prompt.maxTokens(), timeout);
  }
}
