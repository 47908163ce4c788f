package dev.promptly.worker.calls;

/** When a job's answer is streamed from the provider rather than received whole. */
public enum StreamingMode {
  /** Every chat and summary answer streams. */
  ALWAYS,
  /** An answer streams while someone listens to the job's events; otherwise it comes whole. */
  WHEN_WATCHED,
  /** No answer streams. */
  NEVER
}
