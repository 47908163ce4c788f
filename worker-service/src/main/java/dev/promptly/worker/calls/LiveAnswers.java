package dev.promptly.worker.calls;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobRecord;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Decides whether a job's answer streams from the provider, and publishes what streams to the job's
 * live listeners, one message per delta, as it arrives. A delta longer than {@link
 * #MAX_DELTA_CHARS} goes as several, so that every event fits in a Postgres notification (under
 * 8000 bytes even at six bytes per escaped character).
 */
public class LiveAnswers {
  static final int MAX_DELTA_CHARS = 1000;

  private final StreamingMode mode;
  private final WatchedJobs watched;
  private final JobEventPublisher publisher;
  private final Counter deltas;
  private final Clock clock;
  // One sequence for the whole process: an attempt runs on one worker, so its deltas (over all its
  // calls, a fallback's included) always number upwards.
  private final AtomicLong sequence = new AtomicLong();

  LiveAnswers(
      StreamingMode mode,
      WatchedJobs watched,
      JobEventPublisher publisher,
      Counter deltas,
      Clock clock) {
    this.mode = mode;
    this.watched = watched;
    this.publisher = publisher;
    this.deltas = deltas;
    this.clock = clock;
  }

  /** Whether the job's answer should stream now; asked before each call. */
  boolean streams(JobRecord job) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case WHEN_WATCHED -> watched.isWatched(job.id());
    };
  }

  /** Where the streamed pieces of the job's current attempt go. */
  Consumer<String> deltasOf(JobRecord job) {
    return text -> {
      for (String piece : piecesOf(text)) {
        deltas.increment();
        publisher.publish(
            job.id(),
            new JobEvent.Delta(job.attempts(), sequence.incrementAndGet(), piece, nowMicros()));
      }
    };
  }

  /** The text in pieces of at most {@link #MAX_DELTA_CHARS}, never splitting a surrogate pair. */
  static List<String> piecesOf(String text) {
    if (text.length() <= MAX_DELTA_CHARS) {
      return List.of(text);
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(start + MAX_DELTA_CHARS, text.length());
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  private long nowMicros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
