package dev.promptly.api.jobs;

import dev.promptly.api.jobs.TenantJobRepository.NewJob;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Fair share at the door: of a group commit's new jobs, those beyond their tenant's window ({@code
 * promptly.scheduling.tenant-window} queued jobs released to the broker at once) are inserted
 * parked, without a dispatch; workers let them go as the window drains. So a tenant's backlog of
 * thousands waits in Postgres, and another tenant's jobs queue behind at most a window of it. The
 * count is of committed rows plus the group's own: two API replicas committing for one tenant at
 * once may each fill the window, which only makes it a little wider for a moment.
 */
@Component
class TenantWindows {
  // Parked first: the lowest priority, then the newest, so the window keeps the jobs due first.
  private static final Comparator<NewJob> PARKED_FIRST =
      Comparator.comparing((NewJob job) -> job.job().priority())
          .thenComparing(NewJob::submittedAt, Comparator.reverseOrder())
          .thenComparing(NewJob::id, Comparator.reverseOrder());

  private final WaitingJobs waiting;
  private final SchedulingProperties properties;

  TenantWindows(WaitingJobs waiting, SchedulingProperties properties) {
    this.waiting = waiting;
    this.properties = properties;
  }

  /**
   * The new jobs to insert parked, beyond their tenant's window; call in the transaction that will
   * insert them, so that each job is written once, parked or not. A job counted here that then
   * yields to an existing idempotency key only narrows the window until the next refill.
   *
   * @return the ids of the jobs to park; their dispatch must not be written
   */
  Set<String> beyondWindows(Collection<NewJob> inserting) {
    if (!properties.hasWindow() || inserting.isEmpty()) {
      return Set.of();
    }
    Map<String, List<NewJob>> byTenant =
        inserting.stream().collect(Collectors.groupingBy(NewJob::tenantId));
    Map<String, Integer> released = waiting.releasedOf(byTenant.keySet());
    Set<String> beyond = new HashSet<>();
    byTenant.forEach(
        (tenant, jobs) -> {
          int excess = released.getOrDefault(tenant, 0) + jobs.size() - properties.tenantWindow();
          if (excess > 0) {
            jobs.stream().sorted(PARKED_FIRST).limit(excess).forEach(job -> beyond.add(job.id()));
          }
        });
    return beyond;
  }
}
