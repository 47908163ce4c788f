package dev.promptly.api.events;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The streams of one job on this instance, and the reads of the job they share: a thousand
 * listeners of one job cost one Postgres read per status change, not a thousand.
 */
final class JobWatch {
  private record Read(long startedNanos, CompletableFuture<Optional<JobRecord>> result) {}

  private final String jobId;
  private final JobRepository jobs;
  private final Set<JobEventStream> streams = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Read> latest = new AtomicReference<>();

  JobWatch(String jobId, JobRepository jobs) {
    this.jobId = jobId;
    this.jobs = jobs;
  }

  Set<JobEventStream> streams() {
    return streams;
  }

  /**
   * The job as read by a query that started at {@code notBeforeNanos} ({@link System#nanoTime}) or
   * later. A status message is published after its commit, so a read that starts after the message
   * arrived sees the change; every stream woken by one message can share that read.
   */
  Optional<JobRecord> read(long notBeforeNanos) {
    while (true) {
      Read current = latest.get();
      if (current != null && current.startedNanos() - notBeforeNanos >= 0) {
        return join(current);
      }
      Read mine = new Read(System.nanoTime(), new CompletableFuture<>());
      if (!latest.compareAndSet(current, mine)) {
        continue;
      }
      try {
        mine.result().complete(jobs.find(jobId));
      } catch (RuntimeException e) {
        mine.result().completeExceptionally(e);
        latest.compareAndSet(mine, null);
      }
      return join(mine);
    }
  }

  private static Optional<JobRecord> join(Read read) {
    try {
      return read.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }
}
