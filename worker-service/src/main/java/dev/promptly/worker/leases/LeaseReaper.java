package dev.promptly.worker.leases;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobErrorCode;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.attempts.AttemptEnding;
import dev.promptly.worker.attempts.AttemptEnding.Failed;
import dev.promptly.worker.attempts.AttemptEnding.RetryAt;
import dev.promptly.worker.attempts.AttemptLog;
import dev.promptly.worker.attempts.AttemptMetrics;
import dev.promptly.worker.attempts.AttemptOutcome;
import dev.promptly.worker.attempts.DeadLetters;
import dev.promptly.worker.attempts.FailurePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands back running jobs whose lease ran out: their worker died or lost touch with the database.
 * The attempt that died counts as used; the {@link FailurePolicy} decides what follows, as it does
 * for an attempt whose call failed: the job is queued again with a new dispatch, or fails with
 * {@code attempts_exhausted} (and a dead letter) when it has no attempt left. Every worker runs it;
 * {@code SKIP LOCKED} lets them share the work without waiting on each other.
 */
public class LeaseReaper {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  /** A running job whose lease has expired, as locked by one pass. */
  record Expired(
      String id,
      String tenantId,
      JobKind kind,
      String priority,
      int attempts,
      int maxAttempts,
      String workerId,
      String requestId,
      String traceparent,
      Instant createdAt) {

    boolean isExhausted() {
      return attempts >= maxAttempts;
    }
  }

  private final JobRepository jobs;
  private final AttemptLog attempts;
  private final DeadLetters deadLetters;
  private final FailurePolicy policy;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final ReaperProperties properties;
  private final JobMetrics metrics;
  private final AttemptMetrics attemptMetrics;
  private final Clock clock;

  LeaseReaper(
      JobRepository jobs,
      AttemptLog attempts,
      DeadLetters deadLetters,
      FailurePolicy policy,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      JdbcClient jdbc,
      ReaperProperties properties,
      JobMetrics metrics,
      AttemptMetrics attemptMetrics,
      Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.deadLetters = deadLetters;
    this.policy = policy;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.properties = properties;
    this.metrics = metrics;
    this.attemptMetrics = attemptMetrics;
    this.clock = clock;
  }

  /**
   * One pass, in one transaction: the expired jobs stay locked until each is handed back.
   *
   * @return the jobs handed back or failed
   */
  public List<Expired> reapExpired() {
    Instant now = clock.instant();
    List<Expired> reaped =
        transactions.execute(
            status -> lockExpired(now).stream().filter(job -> handBack(job, now)).toList());
    for (Expired job : reaped) {
      if (job.isExhausted()) {
        metrics.finished(job.kind(), job.createdAt(), JobStatus.FAILED, now);
        attemptMetrics.deadLettered(JobErrorCode.ATTEMPTS_EXHAUSTED.wireName());
      } else {
        attemptMetrics.retried("lease_expired");
      }
    }
    return reaped;
  }

  private boolean handBack(Expired job, Instant now) {
    String lapse = "lease of " + job.workerId() + " expired";
    return switch (policy.afterLapse(job.attempts(), job.maxAttempts(), now)) {
      case Failed failed -> fail(job, failed, lapse, now);
      case RetryAt retry -> requeue(job, retry, lapse, now);
      case AttemptEnding other ->
          throw new IllegalStateException("no lapse ends in " + other.getClass().getSimpleName());
    };
  }

  private boolean fail(Expired job, Failed failed, String lapse, Instant now) {
    String message = AttemptLog.truncate(failed.message());
    JobChanges changes =
        JobChanges.none()
            .set("error_code", failed.code().wireName())
            .set("error_message", message)
            .set("finished_at", now)
            .set("lease_expires_at", null);
    if (!jobs.transition(
        job.id(), JobStatus.RUNNING, JobStatus.FAILED, changes, lapse, job.workerId())) {
      return false;
    }
    attempts.finish(job.id(), job.attempts(), failed.attemptOutcome(), null, lapse, now);
    deadLetters.record(
        job.id(), job.tenantId(), failed.code().wireName(), message, job.attempts(), now);
    log.warn("job {}: {}; no attempt left, failed", job.id(), lapse);
    return true;
  }

  private boolean requeue(Expired job, RetryAt retry, String lapse, Instant now) {
    JobChanges changes = JobChanges.none().set("worker_id", null).set("lease_expires_at", null);
    if (!jobs.transition(
        job.id(), JobStatus.RUNNING, JobStatus.QUEUED, changes, lapse, job.workerId())) {
      return false;
    }
    attempts.finish(job.id(), job.attempts(), AttemptOutcome.ABANDONED, null, lapse, now);
    // The next claim increments attempts, so the new message names that attempt.
    dispatcher.dispatch(
        new DispatchOrder(
            job.id(),
            job.tenantId(),
            job.attempts() + 1,
            job.priority(),
            job.traceparent(),
            job.requestId(),
            // Due now: handed to the publisher as soon as the pass commits.
            retry.at().isAfter(now) ? retry.at() : null));
    log.warn("job {}: {}; queued again", job.id(), lapse);
    return true;
  }

  private List<Expired> lockExpired(Instant now) {
    return jdbc.sql(
            """
            SELECT j.id, j.tenant_id, j.kind, j.priority, j.attempts, j.max_attempts,
                   j.worker_id, j.request_id, j.created_at,
                   (SELECT d.traceparent FROM job_dispatches d
                     WHERE d.job_id = j.id ORDER BY d.id DESC LIMIT 1) AS traceparent
              FROM jobs j
             WHERE j.status = 'running' AND j.lease_expires_at < :now
             ORDER BY j.lease_expires_at
             LIMIT :limit
             FOR UPDATE OF j SKIP LOCKED
            """)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("limit", properties.batchSize())
        .query(
            (rs, row) ->
                new Expired(
                    rs.getString("id"),
                    rs.getString("tenant_id"),
                    JobKind.fromWireName(rs.getString("kind")),
                    rs.getString("priority"),
                    rs.getInt("attempts"),
                    rs.getInt("max_attempts"),
                    rs.getString("worker_id"),
                    rs.getString("request_id"),
                    rs.getString("traceparent"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .list();
  }
}
