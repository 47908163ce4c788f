package dev.promptly.api.events;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventCodec;
import dev.promptly.jobstore.JobRepository;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;

/**
 * The open event streams of this instance, by job, and the fan-out of Redis messages to them. The
 * fan-out runs on the Redis subscription's thread and never blocks it: each stream has its own
 * queue and writes to its client on its own virtual thread.
 *
 * <p>As a lifecycle it stops first, before the web server's graceful shutdown, so that open streams
 * end at once (their clients reconnect elsewhere) instead of holding the shutdown.
 */
class JobEventListeners implements SmartLifecycle {
  private final JobRepository jobs;
  private final ConcurrentHashMap<String, JobWatch> watches = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean running;

  JobEventListeners(JobRepository jobs) {
    this.jobs = jobs;
  }

  /** Registers the stream, so it receives the job's events from now on; returns its job's watch. */
  JobWatch add(JobEventStream stream) {
    JobWatch[] joined = new JobWatch[1];
    watches.compute(
        stream.jobId(),
        (jobId, watch) -> {
          JobWatch target = watch == null ? new JobWatch(jobId, jobs) : watch;
          if (target.streams().add(stream)) {
            open.incrementAndGet();
          }
          joined[0] = target;
          return target;
        });
    return joined[0];
  }

  void remove(JobEventStream stream) {
    watches.computeIfPresent(
        stream.jobId(),
        (jobId, watch) -> {
          if (watch.streams().remove(stream)) {
            open.decrementAndGet();
          }
          return watch.streams().isEmpty() ? null : watch;
        });
  }

  /** Hands a message of a job's channel to the job's streams on this instance, if any. */
  void deliver(String jobId, String message) {
    JobWatch watch = watches.get(jobId);
    if (watch == null) {
      // Most messages are for jobs nobody here watches: dropped before they are even parsed.
      return;
    }
    Optional<JobEvent> event = JobEventCodec.decode(message);
    if (event.isPresent()) {
      long receivedNanos = System.nanoTime();
      watch.streams().forEach(stream -> stream.offer(event.get(), receivedNanos));
    }
  }

  /** The jobs someone watches on this instance. */
  Set<String> watchedJobs() {
    return Set.copyOf(watches.keySet());
  }

  /** How many streams are open. */
  int size() {
    return open.get();
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    List<JobEventStream> all =
        watches.values().stream().flatMap(watch -> watch.streams().stream()).toList();
    all.forEach(JobEventStream::end);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
