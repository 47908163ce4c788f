package dev.promptly.dispatch;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.JobMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * A job message owed to the queue: which attempt of which job, on which queue, under which trace,
 * and from when on.
 *
 * @param notBefore when the message may be published; {@code null} for as soon as it commits
 */
public record DispatchOrder(
    String jobId,
    String tenantId,
    int attempt,
    String routingKey,
    String traceparent,
    String requestId,
    Instant notBefore) {

  public DispatchOrder {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(routingKey, "routingKey");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1: " + attempt);
    }
  }

  /** The job's first message, due at once: it starts the trace and names the submitting request. */
  public static DispatchOrder firstAttempt(JobRecord job, String traceparent) {
    return new DispatchOrder(
        job.id(), job.tenantId(), 1, job.priority().wireName(), traceparent, job.requestId(), null);
  }

  /** Attempt {@code attempt} of the job, continuing the trace and request of {@code previous}. */
  public static DispatchOrder following(JobMessage previous, JobRecord job, int attempt) {
    return new DispatchOrder(
        job.id(),
        job.tenantId(),
        attempt,
        job.priority().wireName(),
        previous.traceparent(),
        previous.requestId(),
        null);
  }

  /**
   * The message of a parked job let go ({@link WaitingJobs#release}): due at once, for the attempt
   * its next claim starts, under the trace it was last dispatched in.
   */
  public static DispatchOrder letGo(WaitingJobs.Released released) {
    JobRecord job = released.job();
    return new DispatchOrder(
        job.id(),
        job.tenantId(),
        released.nextAttempt(),
        job.priority().wireName(),
        released.traceparent(),
        job.requestId(),
        null);
  }

  /** The same message, published no earlier than {@code when}. */
  public DispatchOrder notBefore(Instant when) {
    return new DispatchOrder(jobId, tenantId, attempt, routingKey, traceparent, requestId, when);
  }
}
