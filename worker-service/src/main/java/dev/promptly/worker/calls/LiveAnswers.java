package dev.promptly.worker.calls;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobstore.JobRecord;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Decides whether a job's answer streams from the provider, and publishes what streams to the job's
 * live listeners, one message per delta, as it arrives.
 */
public class LiveAnswers {
  private static final Logger log = LoggerFactory.getLogger(LiveAnswers.class);

  private final StreamingMode mode;
  private final StringRedisTemplate redis;
  private final JobEventChannels channels;
  private final JobEventPublisher publisher;
  private final Counter deltas;
  private final Clock clock;
  // One sequence for the whole process: an attempt runs on one worker, so its deltas (over all its
  // calls, a fallback's included) always number upwards.
  private final AtomicLong sequence = new AtomicLong();

  LiveAnswers(
      StreamingMode mode,
      StringRedisTemplate redis,
      JobEventChannels channels,
      JobEventPublisher publisher,
      Counter deltas,
      Clock clock) {
    this.mode = mode;
    this.redis = redis;
    this.channels = channels;
    this.publisher = publisher;
    this.deltas = deltas;
    this.clock = clock;
  }

  /** Whether the job's answer should stream now; asked before each call. */
  boolean streams(JobRecord job) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case WHEN_WATCHED -> isWatched(job.id());
    };
  }

  /** Where the streamed pieces of the job's current attempt go. */
  Consumer<String> deltasOf(JobRecord job) {
    return text -> {
      deltas.increment();
      publisher.publish(
          job.id(),
          new JobEvent.Delta(job.attempts(), sequence.incrementAndGet(), text, nowMicros()));
    };
  }

  private boolean isWatched(String jobId) {
    try {
      return Boolean.TRUE.equals(redis.hasKey(channels.watchKeyOf(jobId)));
    } catch (RuntimeException e) {
      // Without Redis nobody can receive deltas anyway.
      log.debug("watch marker of {} unreadable: {}", jobId, e.getMessage());
      return false;
    }
  }

  private long nowMicros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
