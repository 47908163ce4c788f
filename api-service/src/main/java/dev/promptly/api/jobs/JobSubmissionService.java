package dev.promptly.api.jobs;

import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.api.jobs.TenantJobRepository.NewJob;
import dev.promptly.batching.Outcomes;
import dev.promptly.jobstore.JobMetrics;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobIds;
import dev.promptly.tracing.TraceContexts;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accepts a job: its row, its first event and its outbox row commit together, in a {@link
 * GroupCommit} with whatever else this instance is accepting at the same moment, and the request is
 * answered once they are committed. The message is published afterwards by the outbox publisher, so
 * a job accepted here is never lost, whatever fails afterwards, and no request waits for the
 * broker.
 */
@Service
class JobSubmissionService {
  private static final Logger log = LoggerFactory.getLogger(JobSubmissionService.class);

  private final GroupCommit groups;
  private final TraceContexts traces;
  private final JobMetrics metrics;
  private final Clock clock;

  JobSubmissionService(GroupCommit groups, TraceContexts traces, JobMetrics metrics, Clock clock) {
    this.groups = groups;
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
   * @throws dev.promptly.api.web.ApiException 409 {@code idempotency_key_reused} when the key was
   *     used for another body
   */
  Accepted submit(Submission submission) {
    // Postgres keeps microseconds; the cached copy must show the same instant as the row.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // Taken here, on the request's thread: the group is written on a committer's thread. The
    // request's span continues a client's traceparent, so both name the same trace.
    String traceparent =
        traces.current().orElseGet(() -> TraceContexts.sane(submission.traceparent()));
    NewJob job =
        new NewJob(
            JobIds.next(clock),
            submission.tenantId(),
            submission.job(),
            submission.idempotencyKey().orElse(null),
            submission.requestHash(),
            submission.requestId(),
            now,
            traceparent);
    Accepted accepted = Outcomes.await(groups.submit(new GroupCommit.Pending(job)));
    if (!accepted.replayed()) {
      metrics.submitted(accepted.job().kind());
      log.debug(
          "accepted job {} ({}, model {})",
          accepted.job().id(),
          accepted.job().kind().wireName(),
          accepted.job().modelAlias());
    }
    return accepted;
  }
}
