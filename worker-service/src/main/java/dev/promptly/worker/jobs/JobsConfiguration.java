package dev.promptly.worker.jobs;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.ModelCatalog;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.cache.ResultCache;
import dev.promptly.worker.circuit.ProviderCircuits;
import dev.promptly.worker.llm.LlmProviders;
import dev.promptly.worker.prompts.PromptRenderer;
import dev.promptly.worker.ratelimit.ProviderRateLimits;
import dev.promptly.worker.summaries.MapReduceSummarizer;
import dev.promptly.worker.summaries.SummaryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the execution flow: claims, the model calls, and the endings of an attempt. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {
  private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

  @Bean
  WorkerId workerId() {
    WorkerId id = WorkerId.forThisProcess();
    log.info("worker id {}", id);
    return id;
  }

  @Bean
  RetryBackoff retryBackoff(RetryProperties properties) {
    return new RetryBackoff(properties);
  }

  @Bean
  FailurePolicy failurePolicy(RetryBackoff backoff) {
    return new FailurePolicy(backoff);
  }

  @Bean
  AttemptMetrics attemptMetrics(MeterRegistry meters) {
    return new AttemptMetrics(meters);
  }

  @Bean
  InFlightJobs inFlightJobs(TraceContexts traces) {
    return new InFlightJobs(traces);
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
      StreamingProperties streaming,
      StringRedisTemplate redis,
      JobEventChannels channels,
      JobEventPublisher publisher,
      MeterRegistry meters,
      JdbcClient jdbc,
      WorkerId workerId,
      BudgetLedger budgets,
      ProviderRateLimits limits,
      ResultCache cache,
      Tracer tracer,
      Clock clock) {
    Counter deltas =
        Counter.builder("promptly.worker.stream.deltas")
            .description("Pieces of streamed answers, each published to the job's listeners")
            .register(meters);
    return new ModelCalls(
        providers,
        prompts,
        summarizer,
        inFlight,
        new JobProgress(jdbc, workerId, clock),
        new LiveAnswers(streaming.streaming(), redis, channels, publisher, deltas, clock),
        new CallGuard(limits, budgets, meters, new LlmCallRecorder(tracer, meters)),
        cache);
  }

  /** Ends attempts in batches; closed after the listeners have stopped and finished their jobs. */
  @Bean(destroyMethod = "close")
  JobCompleter jobCompleter(
      PlatformTransactionManager transactionManager, CompleterProperties properties) {
    // The batch's Redis writes and outbox hand-overs run after its connection is back.
    return new JobCompleter(new ReleaseFirstTransactionTemplate(transactionManager), properties);
  }

  @Bean
  EndingWriter endingWriter(
      JobRepository jobs,
      JobDispatcher dispatcher,
      JobCompleter completer,
      AttemptMetrics attemptMetrics,
      WorkerId workerId,
      JdbcClient jdbc,
      Clock clock) {
    return new EndingWriter(
        jobs,
        new AttemptLog(jdbc),
        new UsageLedger(jdbc),
        new DeadLetters(jdbc),
        dispatcher,
        completer,
        attemptMetrics,
        workerId,
        clock);
  }

  @Bean
  JobRunner jobRunner(
      EndingWriter endings,
      JobRepository jobs,
      JobDispatcher dispatcher,
      ProviderCircuits circuits,
      LlmProviders providers,
      ModelCalls calls,
      ModelCatalog catalog,
      FailurePolicy policy,
      LeaseProperties lease,
      WorkerId workerId,
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      JobMetrics metrics,
      Clock clock) {
    // Jobs' Redis writes and retry publishes run after their connection is back: 500 jobs in
    // flight share a pool of 20.
    TransactionTemplate transactions = new ReleaseFirstTransactionTemplate(transactionManager);
    ModelRouter router =
        new ModelRouter(
            catalog, providers, circuits, calls, new JobProgress(jdbc, workerId, clock));
    JobRunner.Steps steps =
        new JobRunner.Steps(
            new JobClaims(jobs, lease, workerId, metrics, clock),
            endings,
            policy,
            new Postponements(dispatcher, transactions, clock),
            router);
    return new JobRunner(jobs, steps, catalog, metrics, clock);
  }
}
