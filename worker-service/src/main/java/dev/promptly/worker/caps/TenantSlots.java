package dev.promptly.worker.caps;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.JobRepository.Claim;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.WaitingFor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running slots of capped tenants, counted in Postgres: the truth, whichever worker died, and
 * whether Redis is up. Every claim and every release of one tenant takes the same transaction-level
 * advisory lock first, so that they run one at a time and each sees what the ones before it
 * committed: two workers cannot both take the last slot, and a job that parks because the tenant is
 * full cannot miss the release of a slot that frees at that moment (the release either sees the
 * parked job or commits before the claim counts). Uncapped tenants never come here.
 */
public class TenantSlots {
  private static final Logger log = LoggerFactory.getLogger(TenantSlots.class);

  private final JdbcClient jdbc;
  private final JobRepository jobs;
  private final WaitingJobs waiting;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final TenantCaps caps;
  private final SchedulingProperties scheduling;
  private final CapsProperties properties;
  private final Counter parked;
  private final Counter released;

  TenantSlots(
      JdbcClient jdbc,
      JobRepository jobs,
      WaitingJobs waiting,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      TenantCaps caps,
      SchedulingProperties scheduling,
      CapsProperties properties,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.caps = caps;
    this.scheduling = scheduling;
    this.properties = properties;
    this.jobs = jobs;
    this.waiting = waiting;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.parked =
        Counter.builder("promptly.worker.jobs.waiting")
            .description("Jobs set waiting without using an attempt, by what they wait for")
            .tag("waiting_for", WaitingFor.TENANT_CONCURRENCY.wireName())
            .register(meters);
    this.released =
        Counter.builder("promptly.worker.jobs.released")
            .description("Waiting jobs let go to run again, by what they waited for")
            .tag("waiting_for", WaitingFor.TENANT_CONCURRENCY.wireName())
            .register(meters);
  }

  /** What a claim under a cap came to. */
  public sealed interface Outcome {}

  /** The job runs: it took one of the tenant's slots. */
  public record Claimed(Claim claim) implements Outcome {}

  /** The tenant's slots are all taken: the job waits for one, its message is done. */
  public record Parked() implements Outcome {}

  /** The job was not waiting for this message (finished, running, cancelled …). */
  public record NotWaiting() implements Outcome {}

  /** Claims the job if one of the tenant's {@code cap} slots is free, else parks it. */
  public Outcome claim(
      String tenantId,
      int cap,
      String jobId,
      int messageAttempt,
      String workerId,
      Instant leaseUntil,
      String detail) {
    return transactions.execute(
        status -> {
          lock(tenantId);
          Optional<Claim> claim =
              jobs.claimWithinCap(
                  jobId, messageAttempt, workerId, leaseUntil, detail, tenantId, cap);
          if (claim.isPresent()) {
            return new Claimed(claim.get());
          }
          // Not claimed: either the tenant is full, or the job is not waiting for this message.
          if (waiting.markWaitingForMessage(jobId, messageAttempt, WaitingFor.TENANT_CONCURRENCY)) {
            parked.increment();
            return new Parked();
          }
          return new NotWaiting();
        });
  }

  /**
   * Lets go of as many of the tenant's parked jobs as it has room for: slots under its cap (if any)
   * that neither a running nor a released job takes, and room in its window of released jobs (if
   * fair share is on), at most {@code promptly.worker.caps.release-batch}. Each gets its next
   * message, and they claim like any other. A tenant with neither a cap nor a window has no limit
   * to wait for: all of its parked jobs (up to the batch) go.
   *
   * @return how many were let go
   */
  public int release(String tenantId) {
    return release(tenantId, caps.capOf(tenantId));
  }

  /** Like {@link #release(String)}, for a caller that has just read the tenant's {@code cap}. */
  public int release(String tenantId, OptionalInt cap) {
    int window = scheduling.tenantWindow();
    int batch = properties.releaseBatch();
    Integer count =
        transactions.execute(
            status -> {
              lock(tenantId);
              // Released jobs are on their way to a claim: they take a slot and window room.
              int released = waiting.releasedOf(List.of(tenantId)).getOrDefault(tenantId, 0);
              int free = batch;
              if (cap.isPresent()) {
                free = Math.min(free, cap.getAsInt() - running(tenantId) - released);
              }
              if (window > 0) {
                free = Math.min(free, window - released);
              }
              if (free <= 0) {
                return 0;
              }
              List<WaitingJobs.Released> woken =
                  waiting.release(tenantId, WaitingFor.TENANT_CONCURRENCY, free);
              dispatcher.dispatchAll(woken.stream().map(DispatchOrder::letGo).toList());
              return woken.size();
            });
    int let = count == null ? 0 : count;
    if (let > 0) {
      released.increment(let);
      log.debug("tenant {}: {} waiting jobs let go to run", tenantId, let);
    }
    return let;
  }

  /** The tenants that have jobs waiting for a slot. */
  public List<String> tenantsWaiting() {
    return waiting.tenantsWaitingFor(WaitingFor.TENANT_CONCURRENCY);
  }

  private int running(String tenantId) {
    return jdbc.sql("SELECT count(*) FROM jobs WHERE tenant_id = :tenant AND status = 'running'")
        .param("tenant", tenantId)
        .query(Integer.class)
        .single();
  }

  private void lock(String tenantId) {
    // A lock of this transaction alone; the key's namespace keeps it apart from other advisory
    // locks (the relay's, the reaper's).
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
        .param("key", "promptly.tenant-slots:" + tenantId)
        .query((rs, row) -> 1)
        .list();
  }
}
