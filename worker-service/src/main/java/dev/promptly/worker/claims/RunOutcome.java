package dev.promptly.worker.claims;

/** What handling one job message came to; the listener settles the message by it. */
public enum RunOutcome {
  /** The model answered and the result is stored. */
  SUCCEEDED,
  /** The attempt failed retryably; the next one is in the outbox. */
  RETRY_SCHEDULED,
  /** The job failed for good. */
  FAILED,
  /** The job was cancelled (before start, or its call abandoned or result discarded on request). */
  CANCELLED,
  /**
   * The job waits without using an attempt: in the outbox (the provider's circuit is open or its
   * limit reached), or parked until its tenant has a free slot.
   */
  DELAYED,
  /** The job is finished or held by another worker: this message is a duplicate. */
  DUPLICATE,
  /** The job's claim was lost while the model ran (cancelled or handed back): nothing stored. */
  LOST,
  /**
   * The worker is shutting down and gave up the model call: the message goes back to the broker,
   * and the job stays running until its lease runs out and the reaper hands it back.
   */
  ABANDONED,
  /** No such job: the message can never be handled. */
  UNKNOWN_JOB
}
