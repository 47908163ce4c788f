package dev.promptly.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waits for a tenant's jobs to end, reporting progress on stderr. */
final class Completion {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private Completion() {}

  /** The tenant's job timings, asking again a few times if the server refuses a connection. */
  static List<JobTiming> fetch(JobTimings jobs, String tenantId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jobs.fetch(tenantId);
      } catch (IllegalStateException e) {
        if (attempt == 10) {
          throw e;
        }
        System.err.println("bench: " + e.getMessage() + "; reading again");
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
      }
    }
  }

  /** Whether all {@code expected} jobs reached a terminal status within {@code timeout}. */
  static boolean await(JobTimings jobs, String tenantId, int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
    JobTimings.Progress progress = new JobTimings.Progress(0, 0, 0);
    while (true) {
      try {
        progress = jobs.progress(tenantId);
      } catch (IllegalStateException e) {
        // A shared server may refuse a connection for a moment (no free slot): poll again.
        System.err.println("bench: " + e.getMessage() + "; polling again");
      }
      if (progress.terminal() >= expected) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        System.err.printf(
            "bench: only %d of %d jobs ended within %s%n", progress.terminal(), expected, timeout);
        return false;
      }
      if (System.nanoTime() > nextReport) {
        System.err.printf(
            "bench: %d of %d jobs ended, %d running%n",
            progress.terminal(), expected, progress.running());
        nextReport += REPORT_EVERY.toNanos();
      }
      // Polling a database row count: there is nothing to be notified by.
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}
