package dev.promptly.api.deadletters;

import dev.promptly.api.web.ApiException;
import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobChanges;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobIds;
import dev.promptly.model.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retries a failed job (a dead-letter replay). One transaction moves the job failed → queued with
 * its attempts and error cleared, marks its dead letters replayed and writes its dispatch, so the
 * job is requeued exactly when its dead letters say so. The compare-and-set decides between
 * concurrent retries: one requeues the job, the others find it no longer failed.
 */
@Service
public class JobReplay {
  private final JobRepository jobs;
  private final DeadLetterRepository deadLetters;
  private final ReplayedAttempts attempts;
  private final JobDispatcher dispatcher;
  private final TransactionTemplate transactions;
  private final Clock clock;

  JobReplay(
      JobRepository jobs,
      DeadLetterRepository deadLetters,
      ReplayedAttempts attempts,
      JobDispatcher dispatcher,
      TransactionTemplate transactions,
      Clock clock) {
    this.jobs = jobs;
    this.deadLetters = deadLetters;
    this.attempts = attempts;
    this.dispatcher = dispatcher;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * @return the requeued job
   * @throws ApiException 404 for an unknown job, 409 {@code job_not_failed} for a job that is not
   *     failed, including one that a concurrent retry requeued first
   */
  public JobRecord retry(String jobId, String requestId) {
    JobRecord failed =
        Optional.of(jobId)
            .filter(JobIds::isWellFormed)
            .flatMap(jobs::find)
            .orElseThrow(() -> ApiException.notFound("No job with id '" + jobId + "'."));
    if (failed.status() != JobStatus.FAILED) {
      throw notFailed(failed.status());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return transactions.execute(
        status -> {
          // The transition caches "queued" after commit, before the dispatcher hands the message
          // on, so a worker's "running" always lands after it.
          JobRecord queued =
              jobs.move(
                      jobId,
                      JobStatus.FAILED,
                      JobStatus.QUEUED,
                      aFreshStart(),
                      "retried by admin",
                      null)
                  .orElseThrow(
                      () ->
                          notFailed(
                              jobs.find(jobId).map(JobRecord::status).orElse(JobStatus.QUEUED)));
          deadLetters.markReplayed(jobId, now);
          attempts.retire(jobId);
          dispatcher.dispatch(
              new DispatchOrder(
                  jobId,
                  queued.tenantId(),
                  1,
                  queued.priority().wireName(),
                  null,
                  requestId,
                  null));
          return queued;
        });
  }

  /**
   * The job starts a new life: attempts count from zero again, and nothing of the old end shows.
   */
  private static JobChanges aFreshStart() {
    return JobChanges.none()
        .set("attempts", 0)
        .set("error_code", null)
        .set("error_message", null)
        .set("started_at", null)
        .set("finished_at", null)
        .set("worker_id", null)
        .set("lease_expires_at", null)
        .set("cancel_requested", false);
  }

  private static ApiException notFailed(JobStatus status) {
    return ApiException.conflict(
        "job_not_failed",
        "Only a failed job can be retried; this one is " + status.wireName() + ".");
  }
}
