package dev.promptly.jobstore;

import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * The job-level meters both services write: submissions, terminal transitions and the three
 * durations of a job's life. Tags are bounded (kind, outcome, priority): never a job or tenant id.
 * Callers record only what committed, so a rolled-back transition is never counted.
 */
public class JobMetrics {
  /** Buckets from 5 ms to 10 min: jobs wait milliseconds in a quiet queue, minutes in a backlog. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10)
  };

  private final MeterRegistry meters;

  /**
   * The latency buckets of the job histograms from {@code smallest} up, so that every Promptly
   * histogram of the dashboard shares one ladder.
   */
  public static Duration[] latencyBuckets(Duration smallest) {
    return Arrays.stream(BUCKETS)
        .filter(bucket -> bucket.compareTo(smallest) >= 0)
        .toArray(Duration[]::new);
  }

  public JobMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  /** A new job was accepted (not an idempotent replay of one). */
  public void submitted(JobKind kind) {
    Counter.builder("promptly.jobs.submitted")
        .description("Jobs accepted by the API")
        .tag("kind", kind.wireName())
        .register(meters)
        .increment();
  }

  /**
   * A job reached a terminal status at {@code at}: counted by kind and outcome, and its life from
   * submission to here timed.
   */
  public void finished(JobRecord job, JobStatus outcome, Instant at) {
    finished(job.kind(), job.createdAt(), outcome, at);
  }

  /** Like {@link #finished(JobRecord, JobStatus, Instant)}, for a caller without the whole row. */
  public void finished(JobKind kind, Instant createdAt, JobStatus outcome, Instant at) {
    if (!outcome.isTerminal()) {
      throw new IllegalArgumentException(outcome + " is not terminal");
    }
    Counter.builder("promptly.jobs.completed")
        .description("Jobs that reached a terminal status")
        .tag("kind", kind.wireName())
        .tag("outcome", outcome.wireName())
        .register(meters)
        .increment();
    timer("promptly.job.end.to.end", "From submission to a terminal status")
        .tag("kind", kind.wireName())
        .tag("outcome", outcome.wireName())
        .register(meters)
        .record(nonNegative(Duration.between(createdAt, at)));
  }

  /**
   * A waiting job was claimed. Only jobs that waited in {@code queued} are timed: a scheduled retry
   * waits out its backoff on purpose, which is not queueing.
   */
  public void claimed(JobRepository.Claim claim) {
    if (claim.from() != JobStatus.QUEUED) {
      return;
    }
    JobRecord running = claim.running();
    timer("promptly.job.queue.wait", "From queued to claimed by a worker")
        .tag("kind", running.kind().wireName())
        .tag("priority", running.priority().wireName())
        .register(meters)
        .record(nonNegative(Duration.between(claim.waitingSince(), running.updatedAt())));
  }

  /** One attempt ran for {@code duration} and came to {@code outcome} (e.g. {@code succeeded}). */
  public void executed(JobKind kind, String outcome, Duration duration) {
    timer("promptly.job.execution", "One attempt, from claim to its end")
        .tag("kind", kind.wireName())
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(meters)
        .record(nonNegative(duration));
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
  }

  private static Duration nonNegative(Duration duration) {
    // Clocks of API and worker hosts may disagree by a little.
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
