package dev.promptly.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a tenant's jobs to end, reporting progress on stderr. */
final class Completion {
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private Completion() {}

  /** Whether all {@code expected} jobs reached a terminal status within {@code timeout}. */
  static boolean await(JobTimings jobs, String tenantId, int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
    while (true) {
      JobTimings.Progress progress = jobs.progress(tenantId);
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
