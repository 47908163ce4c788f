package dev.promptly.worker.caps;

import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.transactions.ReleaseFirstTransactionTemplate;
import dev.promptly.worker.notifications.TenantMemo;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.OptionalInt;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires tenants' concurrency caps: the caps, their slots, the gate claims pass, the sweeper. */
@Configuration(proxyBeanMethods = false)
class CapsConfiguration {

  @Bean
  TenantCaps tenantCaps(
      JdbcClient jdbc, PostgresNotifications notifications, CapsProperties properties) {
    TenantMemo<OptionalInt> memo = new TenantMemo<>(properties.lookupTtl(), System::nanoTime);
    notifications.subscribe(TenantCaps.CHANNEL, memo);
    return new TenantCaps(jdbc, memo);
  }

  @Bean
  TenantSlots tenantSlots(
      JdbcClient jdbc,
      JobRepository jobs,
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      PlatformTransactionManager transactionManager,
      TenantCaps caps,
      SchedulingProperties scheduling,
      CapsProperties properties,
      MeterRegistry meters) {
    // The dispatches are published once the connection is back in the pool.
    return new TenantSlots(
        jdbc,
        jobs,
        waiting,
        dispatcher,
        new ReleaseFirstTransactionTemplate(transactionManager),
        caps,
        scheduling,
        properties,
        meters);
  }

  @Bean
  TenantSlotGate tenantSlotGate(JobRepository jobs, TenantCaps caps, TenantSlots slots) {
    return new TenantSlotGate(jobs, caps, slots);
  }

  /** Takes the schema check as a parameter: the sweeper reads columns it must find there. */
  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler capSweeper(
      TenantSlots slots, SchedulingProperties scheduling, SchemaCheck schemaCheck) {
    CapSweeper sweeper = new CapSweeper(slots);
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("cap-sweeper-");
    scheduler.scheduleWithFixedDelay(sweeper::sweep, scheduling.refillInterval());
    return scheduler;
  }
}
