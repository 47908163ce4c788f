package dev.promptly.api.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.WaitingFor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Fair share at the door: of a group commit's new jobs, those beyond their tenant's window ({@code
 * promptly.scheduling.tenant-window} queued jobs released to the broker at once) are parked in the
 * same transaction, without a dispatch; workers let them go as the window drains. So a tenant's
 * backlog of thousands waits in Postgres, and another tenant's jobs queue behind at most a window
 * of it. The count is of committed rows plus the group's own: two API replicas committing for one
 * tenant at once may each fill the window, which only makes it a little wider for a moment.
 */
@Component
class TenantWindows {
  // Parked first: the lowest priority, then the newest, so the window keeps the jobs due first.
  private static final Comparator<JobRecord> PARKED_FIRST =
      Comparator.comparing(JobRecord::priority)
          .thenComparing(JobRecord::createdAt, Comparator.reverseOrder())
          .thenComparing(JobRecord::id, Comparator.reverseOrder());

  private final WaitingJobs waiting;
  private final SchedulingProperties properties;

  TenantWindows(WaitingJobs waiting, SchedulingProperties properties) {
    this.waiting = waiting;
    this.properties = properties;
  }

  /**
   * Parks the jobs beyond their tenant's window; call in the transaction that inserted them.
   *
   * @return the parked jobs' rows, by id; their dispatch must not be written
   */
  Map<String, JobRecord> parkBeyondWindows(Collection<JobRecord> inserted) {
    if (!properties.hasWindow() || inserted.isEmpty()) {
      return Map.of();
    }
    Map<String, List<JobRecord>> byTenant =
        inserted.stream().collect(Collectors.groupingBy(JobRecord::tenantId));
    Map<String, Integer> released = waiting.releasedOf(byTenant.keySet());
    List<String> beyond = new ArrayList<>();
    byTenant.forEach(
        (tenant, jobs) -> {
          int excess = released.getOrDefault(tenant, 0) - properties.tenantWindow();
          if (excess > 0) {
            jobs.stream().sorted(PARKED_FIRST).limit(excess).forEach(job -> beyond.add(job.id()));
          }
        });
    if (beyond.isEmpty()) {
      return Map.of();
    }
    Map<String, JobRecord> parked = new HashMap<>();
    for (JobRecord job : waiting.park(beyond, WaitingFor.TENANT_CONCURRENCY)) {
      parked.put(job.id(), job);
    }
    return parked;
  }
}
