package dev.promptly.worker.calls;

import dev.promptly.worker.calls.InFlightJobs.AbortReason;

/** A model call was abandoned before the provider answered; nothing of it is stored or charged. */
public class CallAbortedException extends RuntimeException {
  private final AbortReason reason;

  CallAbortedException(AbortReason reason) {
    super("model call abandoned: " + reason, null, false, false);
    this.reason = reason;
  }

  public AbortReason reason() {
    return reason;
  }
}
