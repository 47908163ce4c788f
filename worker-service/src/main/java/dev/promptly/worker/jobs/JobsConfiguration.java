package dev.promptly.worker.jobs;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.ModelCatalog;
import dev.promptly.worker.circuit.ProviderCircuits;
import dev.promptly.worker.llm.LlmGateway;
import dev.promptly.worker.prompts.PromptRenderer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the execution flow: claims, the model call, and the endings of an attempt. */
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
  InFlightJobs inFlightJobs() {
    return new InFlightJobs();
  }

  @Bean
  CachedStatuses cachedStatuses(JobRepository jobs, JobStatusCache cache) {
    return new CachedStatuses(jobs, cache);
  }

  @Bean
  JobRunner jobRunner(
      JobRepository jobs,
      CachedStatuses statuses,
      InFlightJobs inFlight,
      JobDispatcher dispatcher,
      ProviderCircuits circuits,
      PromptRenderer prompts,
      LlmGateway llm,
      ModelCatalog catalog,
      RetryBackoff backoff,
      LeaseProperties lease,
      WorkerId workerId,
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    AttemptLog attempts = new AttemptLog(jdbc);
    AttemptEndings endings =
        new AttemptEndings(jobs, attempts, new UsageLedger(jdbc), transactions, workerId, clock);
    JobRunner.Steps steps =
        new JobRunner.Steps(
            new JobClaims(jobs, attempts, transactions, lease, workerId, clock),
            new JobCompletions(endings, jdbc, clock),
            new JobFailures(endings, new DeadLetters(jdbc), dispatcher, backoff, clock),
            new Postponements(dispatcher, transactions, clock),
            inFlight,
            statuses);
    return new JobRunner(jobs, steps, circuits, prompts, llm, catalog);
  }
}
