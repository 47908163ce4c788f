package dev.promptly.worker.claims;

import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.ModelCatalog;
import dev.promptly.worker.attempts.EndingWriter;
import dev.promptly.worker.attempts.FailurePolicy;
import dev.promptly.worker.attempts.Postponements;
import dev.promptly.worker.calls.ModelRouter;
import dev.promptly.worker.caps.TenantSlotGate;
import dev.promptly.worker.leases.LeaseProperties;
import dev.promptly.worker.leases.WorkerId;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the runner: a message's job is claimed, routed to a model, called, and its attempt ended.
 */
@Configuration(proxyBeanMethods = false)
class ClaimsConfiguration {

  @Bean
  JobRunner jobRunner(
      EndingWriter endings,
      JobRepository jobs,
      TenantSlotGate gate,
      ModelRouter router,
      ModelCatalog catalog,
      FailurePolicy policy,
      Postponements postponements,
      LeaseProperties lease,
      WorkerId workerId,
      JobMetrics metrics,
      Clock clock) {
    JobRunner.Steps steps =
        new JobRunner.Steps(
            new JobClaims(jobs, gate, lease, workerId, metrics, clock),
            endings,
            policy,
            postponements,
            router);
    return new JobRunner(jobs, steps, catalog, metrics, clock);
  }
}
