package dev.promptly.worker.calls;

import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventNotifications;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobevents.JobEventsProperties;
import dev.promptly.model.ModelCatalog;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.cache.ResultCache;
import dev.promptly.worker.cache.SemanticCache;
import dev.promptly.worker.circuit.ProviderCircuits;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.LlmProviders;
import dev.promptly.worker.prompts.PromptRenderer;
import dev.promptly.worker.ratelimit.ProviderRateLimits;
import dev.promptly.worker.summaries.MapReduceSummarizer;
import dev.promptly.worker.summaries.SummaryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires a job's model calls: the route to a model, what guards each call, what it records. */
@Configuration(proxyBeanMethods = false)
class CallsConfiguration {

  @Bean
  InFlightJobs inFlightJobs(TraceContexts traces) {
    return new InFlightJobs(traces);
  }

  @Bean
  JobProgress jobProgress(JdbcClient jdbc, WorkerId workerId, Clock clock) {
    return new JobProgress(jdbc, workerId, clock);
  }

  @Bean
  MapReduceSummarizer mapReduceSummarizer(
      PromptRenderer prompts, SummaryProperties properties, TraceContexts traces) {
    return new MapReduceSummarizer(prompts, properties, traces);
  }

  @Bean
  ModelCalls modelCalls(
      LlmProviders providers,
      PromptRenderer prompts,
      MapReduceSummarizer summarizer,
      InFlightJobs inFlight,
      JobProgress progress,
      StreamingProperties streaming,
      WatchedJobs watched,
      JobEventPublisher publisher,
      MeterRegistry meters,
      BudgetLedger budgets,
      ProviderRateLimits limits,
      ResultCache cache,
      SemanticCache semanticCache,
      ModelCatalog catalog,
      Tracer tracer,
      Clock clock) {
    Counter deltas =
        Counter.builder("promptly.worker.stream.deltas")
            .description("Pieces of streamed answers, each published to the job's listeners")
            .register(meters);
    CallGuard guard = new CallGuard(limits, budgets, meters, new LlmCallRecorder(tracer, meters));
    return new ModelCalls(
        providers,
        prompts,
        summarizer,
        inFlight,
        progress,
        new LiveAnswers(streaming.streaming(), watched, publisher, deltas, clock),
        guard,
        new CachedAnswers(cache, semanticCache, guard, meters),
        catalog);
  }

  /** Who watches which job, as the events transport tells it. */
  @Bean
  WatchedJobs watchedJobs(
      JobEventsProperties events,
      StringRedisTemplate redis,
      JobEventChannels channels,
      PostgresNotifications notifications) {
    return switch (events.transport()) {
      case REDIS ->
          jobId -> {
            try {
              return Boolean.TRUE.equals(redis.hasKey(channels.watchKeyOf(jobId)));
            } catch (RuntimeException e) {
              // Without Redis nobody can receive deltas anyway.
              return false;
            }
          };
      case POSTGRES -> {
        NotifiedWatchedJobs notified = new NotifiedWatchedJobs(events.watchTtl(), System::nanoTime);
        notifications.subscribe(JobEventNotifications.WATCHES, notified);
        yield notified;
      }
    };
  }

  @Bean
  ModelRouter modelRouter(
      ModelCatalog catalog,
      LlmProviders providers,
      ProviderCircuits circuits,
      ModelCalls calls,
      JobProgress progress) {
    return new ModelRouter(catalog, providers, circuits, calls, progress);
  }
}
