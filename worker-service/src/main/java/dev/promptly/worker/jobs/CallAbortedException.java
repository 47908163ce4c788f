package dev.promptly.worker.jobs;

import dev.promptly.worker.jobs.InFlightJobs.AbortReason;

/** A model call was abandoned before the provider answered; nothing of it is stored or charged. */
class CallAbortedException extends RuntimeException {
  private final AbortReason reason;

  CallAbortedException(AbortReason reason) {
    super("model call abandoned: " + reason, null, false, false);
    this.reason = reason;
  }

  AbortReason reason() {
    return reason;
  }
}
