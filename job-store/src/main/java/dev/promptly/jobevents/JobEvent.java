package dev.promptly.jobevents;

import dev.promptly.model.JobStatus;
import java.util.Objects;

/**
 * What the workers tell the API's live listeners about a job, through Redis pub/sub. An internal
 * wire format, not the public API: the API turns these into server-sent events.
 */
public sealed interface JobEvent {

  /** The job moved to {@code status}; the listener reads the job itself to see the rest. */
  record StatusChanged(JobStatus status) implements JobEvent {
    public StatusChanged {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A piece of the answer as the provider streamed it.
   *
   * @param attempt the job attempt the text belongs to: a new attempt starts the answer afresh
   * @param seq increases with every delta within an attempt, so a listener can drop duplicates and
   *     stragglers
   * @param text the piece of text
   * @param publishedAtMicros when the worker published it (epoch microseconds), for latency figures
   */
  record Delta(int attempt, long seq, String text, long publishedAtMicros) implements JobEvent {
    public Delta {
      Objects.requireNonNull(text, "text");
    }

    /** Whether this delta comes after {@code other} in the answer of the job. */
    public boolean isAfter(Delta other) {
      return attempt > other.attempt || (attempt == other.attempt && seq > other.seq);
    }
  }
}
