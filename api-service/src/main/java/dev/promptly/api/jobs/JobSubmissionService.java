package dev.promptly.api.jobs;

import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.api.web.ApiException;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.model.JobIds;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.transactions.AfterRelease;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepts a job: the job row, its first event and its outbox row commit together, and the message
 * is published after the commit (waited for only up to the publish budget, see {@link
 * DispatchingTransactions}). A job accepted here is never lost, whatever fails afterwards.
 */
@Service
class JobSubmissionService {
  private static final Logger log = LoggerFactory.getLogger(JobSubmissionService.class);

  private final TenantJobRepository jobs;
  private final JobDispatcher dispatcher;
  private final JobStatusCache cache;
  private final DispatchingTransactions transactions;
  private final TraceContexts traces;
  private final JobMetrics metrics;
  private final Clock clock;

  JobSubmissionService(
      TenantJobRepository jobs,
      JobDispatcher dispatcher,
      JobStatusCache cache,
      DispatchingTransactions transactions,
      TraceContexts traces,
      JobMetrics metrics,
      Clock clock) {
    this.jobs = jobs;
    this.dispatcher = dispatcher;
    this.cache = cache;
    this.transactions = transactions;
    this.traces = traces;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The accepted job, and whether it was accepted earlier under the same idempotency key. */
  record Accepted(JobRecord job, boolean replayed) {}

  /** A submission together with where it came from. */
  record Submission(
      String tenantId,
      JobSubmission job,
      Optional<IdempotencyKey> idempotencyKey,
      String requestHash,
      String requestId,
      String traceparent) {}

  /**
   * @throws ApiException 409 {@code idempotency_key_reused} when the key was used for another body
   */
  Accepted submit(Submission submission) {
    // Postgres keeps microseconds; the cached copy must show the same instant as the row.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String id = JobIds.next(clock);
    IdempotencyKey key = submission.idempotencyKey().orElse(null);
    // Taken here, on the request's thread: the transaction runs on a thread of its own. The
    // request's span continues a client's traceparent, so both name the same trace.
    String traceparent =
        traces.current().orElseGet(() -> TraceContexts.sane(submission.traceparent()));
    Accepted accepted =
        transactions.execute(
            status ->
                jobs.insert(
                        id,
                        submission.tenantId(),
                        submission.job(),
                        key,
                        submission.requestHash(),
                        submission.requestId(),
                        now)
                    .map(job -> dispatch(job, submission, traceparent, now))
                    .orElseGet(() -> replay(submission.tenantId(), key, submission.requestHash())));
    if (!accepted.replayed()) {
      metrics.submitted(accepted.job().kind());
      log.info(
          "accepted job {} ({}, model {})",
          accepted.job().id(),
          accepted.job().kind().wireName(),
          accepted.job().modelAlias());
    }
    return accepted;
  }

  private Accepted dispatch(JobRecord job, Submission submission, String traceparent, Instant now) {
    // Registered before the dispatcher's own after-commit publish, so the cache holds "queued"
    // before any worker can see the message and cache "running".
    AfterRelease.afterCommit(() -> cache.put(job));
    dispatcher.dispatch(
        job.id(),
        job.tenantId(),
        1,
        job.priority().wireName(),
        traceparent,
        submission.requestId(),
        now,
        now);
    return new Accepted(job, false);
  }

  private Accepted replay(String tenantId, IdempotencyKey key, String requestHash) {
    TenantJobRepository.KeyedJob original =
        jobs.findByIdempotencyKey(tenantId, key)
            .orElseThrow(() -> new IllegalStateException("idempotency key conflict without a job"));
    if (!original.requestHash().equals(requestHash)) {
      throw ApiException.conflict(
          "idempotency_key_reused",
          "This Idempotency-Key was already used with a different request body.");
    }
    return new Accepted(original.job(), true);
  }
}
