package dev.promptly.jobstore;

import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.transactions.AfterRelease;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Jobs that wait without a status of their own for it: {@code waiting_for} set on a job that keeps
 * its status (held back before its claim, parked for its tenant's cap or budget), and parked jobs
 * let go. None of it is a transition, so no {@code job_events} row is written and no event is sent;
 * the cached rows are refreshed once the change commits.
 */
public class WaitingJobs {
  /**
   * The order parked jobs go in, highest priority first: the same expression as the index of
   * waiting jobs (migration V29), so that a release reads its batch in index order rather than
   * sorting the tenant's whole backlog.
   */
  private static final String PRIORITY_RANK =
      "(CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END)";

  private final JdbcClient jdbc;
  private final JobStatusCache cache;

  public WaitingJobs(JdbcClient jdbc, JobStatusCache cache) {
    this.jdbc = jdbc;
    this.cache = cache;
  }

  /**
   * Says why a job that keeps its status waits, e.g. a job held back before its claim while its
   * provider's circuit is open. Not a transition: no event is recorded or sent; the cached row is
   * refreshed once the change commits.
   *
   * @return whether the job was still in {@code status}
   */
  public boolean markWaiting(String id, JobStatus status, WaitingFor waitingFor) {
    return markWaiting(
        "id = :id AND status = :status", waitingFor, Map.of("id", id, "status", status.wireName()));
  }

  /**
   * Like {@link #markWaiting(String, JobStatus, WaitingFor)}, for a job that {@code messageAttempt}
   * could have claimed ({@link JobRepository#claim}'s condition): a job not waiting for that
   * message, or whose cancel was requested, is left alone.
   */
  public boolean markWaitingForMessage(String id, int messageAttempt, WaitingFor waitingFor) {
    return markWaiting(
        "id = :id AND NOT cancel_requested AND (status = 'queued'"
            + " OR (status = 'retry_scheduled' AND attempts < :attempt))",
        waitingFor,
        Map.of("id", id, "attempt", messageAttempt));
  }

  private boolean markWaiting(String condition, WaitingFor waitingFor, Map<String, ?> params) {
    Optional<JobRecord> marked =
        jdbc.sql(
                "UPDATE jobs SET waiting_for = :why WHERE "
                    + condition
                    + " RETURNING "
                    + JobRows.COLUMNS)
            .params(params)
            .param("why", waitingFor.wireName())
            .query(JobRows::map)
            .optional();
    marked.ifPresent(job -> refreshAfterCommit(List.of(job)));
    return marked.isPresent();
  }

  /**
   * A waiting job let go: what its next message needs, the trace it was submitted under included.
   *
   * @param nextAttempt the attempt its next claim starts
   */
  public record Released(JobRecord job, int nextAttempt, String traceparent) {}

  /**
   * Lets go of up to {@code limit} of the tenant's jobs that wait for {@code why}, highest priority
   * and oldest first, clearing their {@code waiting_for}; the caller dispatches them in the same
   * transaction. Rows another transaction holds are skipped: that one is letting them go.
   */
  public List<Released> release(String tenantId, WaitingFor why, int limit) {
    List<Released> released =
        jdbc.sql(
                "WITH picked AS (SELECT id AS picked_id FROM jobs WHERE tenant_id = :tenant"
                    + " AND waiting_for = :why AND status IN ('queued', 'retry_scheduled')"
                    + " ORDER BY "
                    + PRIORITY_RANK
                    + ", created_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                    + " UPDATE jobs SET waiting_for = NULL FROM picked WHERE id = picked.picked_id"
                    + " RETURNING "
                    + JobRows.COLUMNS
                    // Jobs submitted before V30 have their trace on their dispatches only.
                    + ", COALESCE(jobs.traceparent, (SELECT d.traceparent FROM job_dispatches d"
                    + " WHERE d.job_id = jobs.id ORDER BY d.id DESC LIMIT 1)) AS last_traceparent")
            .param("tenant", tenantId)
            .param("why", why.wireName())
            .param("limit", limit)
            .query(
                (rs, row) -> {
                  JobRecord job = JobRows.map(rs, row);
                  return new Released(job, job.attempts() + 1, rs.getString("last_traceparent"));
                })
            .list();
    if (!released.isEmpty()) {
      refreshAfterCommit(released.stream().map(Released::job).toList());
    }
    return released;
  }

  private void refreshAfterCommit(List<JobRecord> rows) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      AfterRelease.afterCommit(() -> cache.putAll(rows));
    } else {
      cache.putAll(rows);
    }
  }

  /**
   * How many queued jobs of each tenant are released (not parked): in the broker, or about to be.
   */
  public Map<String, Integer> releasedOf(Collection<String> tenantIds) {
    Map<String, Integer> released = new HashMap<>();
    jdbc.sql(
            "SELECT tenant_id, count(*) AS released FROM jobs WHERE tenant_id = ANY(:tenants)"
                + " AND status = 'queued' AND waiting_for IS NULL GROUP BY tenant_id")
        .param("tenants", tenantIds.toArray(String[]::new))
        .query((rs, row) -> released.put(rs.getString("tenant_id"), rs.getInt("released")))
        .list();
    return released;
  }

  /**
   * The tenants that have jobs parked for {@code why}, one index probe per tenant rather than a
   * scan of every parked job.
   */
  public List<String> tenantsWaitingFor(WaitingFor why) {
    return jdbc.sql(
            """
            WITH RECURSIVE tenants AS (
              (SELECT tenant_id FROM jobs WHERE waiting_for = :why ORDER BY tenant_id LIMIT 1)
              UNION ALL
              SELECT (SELECT j.tenant_id FROM jobs j
                       WHERE j.waiting_for = :why AND j.tenant_id > t.tenant_id
                       ORDER BY j.tenant_id LIMIT 1)
                FROM tenants t WHERE t.tenant_id IS NOT NULL)
            SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL
            """)
        .param("why", why.wireName())
        .query(String.class)
        .list();
  }
}
