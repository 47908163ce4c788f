package dev.promptly.worker.providerbatches;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.ModelCatalog;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.budgets.BudgetLedger;
import dev.promptly.worker.leases.WorkerId;
import dev.promptly.worker.llm.ProviderBatchClients;
import dev.promptly.worker.prompts.PromptRenderer;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the provider batch route: the router and its schedule. */
@Configuration(proxyBeanMethods = false)
class ProviderBatchConfiguration {

  @Bean
  ProviderBatchStore providerBatchStore(JdbcClient jdbc) {
    return new ProviderBatchStore(jdbc);
  }

  @Bean
  ProviderBatchRouter providerBatchRouter(
      ProviderBatchStore store,
      ProviderBatchClients clients,
      ModelCatalog catalog,
      PromptRenderer prompts,
      BudgetLedger budgets,
      JobRepository jobs,
      EndingWriter endings,
      JobDispatcher dispatcher,
      JobStatusCache cache,
      PlatformTransactionManager transactionManager,
      WorkerId workerId,
      ProviderBatchRoutingProperties properties,
      MeterRegistry meters,
      Clock clock) {
    // Dispatches are published once the connection is back in the pool.
    return new ProviderBatchRouter(
        store,
        ProviderBatchApi.of(clients),
        catalog,
        prompts,
        budgets,
        jobs,
        endings,
        dispatcher,
        cache,
        new ReleaseFirstTransactionTemplate(transactionManager),
        workerId,
        properties,
        meters,
        clock);
  }

  /** Takes the schema check as a parameter: the router reads columns it must find there. */
  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler providerBatchScheduler(
      ProviderBatchRouter router,
      ProviderBatchRoutingProperties properties,
      SchemaCheck schemaCheck) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("provider-batches-");
    if (properties.enabled()) {
      scheduler.scheduleWithFixedDelay(router::tick, properties.interval());
    }
    return scheduler;
  }
}
