package dev.promptly.worker.jobs;

/** What handling one job message came to; the listener acks or rejects the message by it. */
public enum RunOutcome {
  /** The model answered and the result is stored. */
  SUCCEEDED,
  /** The attempt failed retryably; the next one is in the outbox. */
  RETRY_SCHEDULED,
  /** The job failed for good. */
  FAILED,
  /** The job was cancelled (before start, or its result discarded on request). */
  CANCELLED,
  /** The job is finished or held by another worker: this message is a duplicate. */
  DUPLICATE,
  /** The job's claim was lost while the model ran (cancelled or taken over): nothing stored. */
  LOST,
  /** No such job: the message can never be handled. */
  UNKNOWN_JOB
}
