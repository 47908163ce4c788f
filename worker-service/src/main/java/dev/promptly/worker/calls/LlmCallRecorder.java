package dev.promptly.worker.calls;

import dev.promptly.jobstore.JobMetrics;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.attempts.FailurePolicy;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.ChatCompletion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes each provider call visible: a span {@code llm.call} in the job's trace (provider, model,
 * outcome and token counts; never the prompt or the answer), and the call counted and timed by
 * provider name, model alias and outcome. The provider is its configured name, never its URL, which
 * may carry credentials.
 */
public class LlmCallRecorder {
  // A provider call takes tens of milliseconds at least: the job ladder from 50 ms.
  private static final Duration[] BUCKETS = JobMetrics.latencyBuckets(Duration.ofMillis(50));

  private final Tracer tracer;
  private final MeterRegistry meters;

  LlmCallRecorder(Tracer tracer, MeterRegistry meters) {
    this.tracer = tracer;
    this.meters = meters;
  }

  ChatCompletion record(ModelSpec spec, Supplier<ChatCompletion> call) {
    Span span =
        tracer
            .nextSpan()
            .name("llm.call")
            .tag("llm.provider", spec.provider())
            .tag("llm.model", spec.model())
            .tag("llm.model_alias", spec.alias())
            .start();
    Timer.Sample sample = Timer.start(meters);
    String outcome = "error";
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      ChatCompletion completion = call.get();
      outcome = "success";
      span.tag("llm.prompt_tokens", completion.promptTokens());
      span.tag("llm.completion_tokens", completion.completionTokens());
      return completion;
    } catch (RuntimeException | Error e) {
      outcome = outcomeOf(e);
      span.error(e);
      throw e;
    } finally {
      span.tag("llm.outcome", outcome);
      span.end();
      sample.stop(timer(spec, outcome));
      counter(spec, outcome).increment();
    }
  }

  /** A short, fixed name for how a call failed. */
  static String outcomeOf(Throwable failure) {
    return switch (failure) {
      case RetryableJobException retryable -> FailurePolicy.retryReason(retryable);
      case PermanentJobException permanent -> permanent.code().wireName();
      default -> "error";
    };
  }

  private Timer timer(ModelSpec spec, String outcome) {
    return Timer.builder("promptly.llm.call.duration")
        .description("Calls to LLM providers, from request to the last byte of the answer")
        .tag("provider", spec.provider())
        .tag("model", spec.alias())
        .tag("outcome", outcome)
        .serviceLevelObjectives(BUCKETS)
        .register(meters);
  }

  private Counter counter(ModelSpec spec, String outcome) {
    return Counter.builder("promptly.llm.calls")
        .description("Calls to LLM providers by outcome")
        .tag("provider", spec.provider())
        .tag("model", spec.alias())
        .tag("outcome", outcome)
        .register(meters);
  }
}
