package dev.promptly.worker.calls;

/** Whether a listener watches a job's live events now, so its answer should stream. */
@FunctionalInterface
interface WatchedJobs {
  boolean isWatched(String jobId);
}
