package dev.promptly.api.batches;

import dev.promptly.api.web.ApiException;
import dev.promptly.batches.BatchRecord;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels a batch as a job cancel cancels each of its jobs: waiting ones become cancelled at once
 * (one compare-and-set statement per page and status, {@link JobRepository#moveAll}), running ones
 * are flagged and stopped by their workers. The batch is marked cancelled first, in a statement of
 * its own, so no transaction here holds the batch's lock while it waits for a job's: the job
 * transitions take the batch lock only after their jobs', as every completer does.
 */
@Service
class BatchCancellation {
  private static final int PAGE = 1_000;
  // A job can slip from waiting to running between the read and the compare-and-set; a few rounds
  // catch it as running and flag it.
  private static final int ROUNDS = 3;

  private final BatchLookup lookup;
  private final BatchRepository batches;
  private final JobRepository jobs;
  private final JobMetrics metrics;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  BatchCancellation(
      BatchLookup lookup,
      BatchRepository batches,
      JobRepository jobs,
      JobMetrics metrics,
      JdbcClient jdbc,
      TransactionTemplate transactions,
      Clock clock) {
    this.lookup = lookup;
    this.batches = batches;
    this.jobs = jobs;
    this.metrics = metrics;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * @throws ApiException 404 for an unknown batch, 409 {@code batch_finished} for a completed one
   */
  BatchRecord cancel(String tenantId, String batchId) {
    BatchRecord batch = lookup.require(tenantId, batchId);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (!batches.markCancelled(batchId, now)) {
      batch = lookup.require(tenantId, batchId);
      if (batch.isCompleted()) {
        throw ApiException.conflict("batch_finished", "The batch has already completed.");
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      boolean cancelledAny = cancelWaiting(batchId, now);
      flagRunning(batchId, now);
      if (!cancelledAny) {
        break;
      }
    }
    return lookup.require(tenantId, batchId);
  }

  /** Cancels the batch's waiting jobs; true when there were any. */
  private boolean cancelWaiting(String batchId, Instant now) {
    boolean any = false;
    for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.RETRY_SCHEDULED)) {
      String after = "";
      while (true) {
        List<String> page = waiting(batchId, status, after);
        if (page.isEmpty()) {
          break;
        }
        any = true;
        List<JobRecord> cancelled =
            transactions.execute(
                tx ->
                    jobs.moveAll(
                        page,
                        status,
                        JobStatus.CANCELLED,
                        JobChanges.none().set("finished_at", now),
                        "cancelled with its batch"));
        cancelled.forEach(job -> metrics.finished(job, JobStatus.CANCELLED, now));
        after = page.getLast();
      }
    }
    return any;
  }

  private List<String> waiting(String batchId, JobStatus status, String after) {
    return jdbc.sql(
            "SELECT id FROM jobs WHERE batch_id = :batch AND status = :status AND id > :after"
                + " ORDER BY id LIMIT :limit")
        .param("batch", batchId)
        .param("status", status.wireName())
        .param("after", after)
        .param("limit", PAGE)
        .query(String.class)
        .list();
  }

  // Not a status change: as for one job, the worker moves a flagged job to cancelled.
  private void flagRunning(String batchId, Instant now) {
    jdbc.sql(
            "UPDATE jobs SET cancel_requested = true, updated_at = :now"
                + " WHERE batch_id = :batch AND status = 'running' AND NOT cancel_requested")
        .param("batch", batchId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }
}
