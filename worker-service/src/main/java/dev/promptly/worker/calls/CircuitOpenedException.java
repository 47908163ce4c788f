package dev.promptly.worker.calls;

import dev.promptly.worker.failures.RetryableJobException;

/**
 * A provider failure that opened (or re-opened) the provider's circuit. The outage failed, not the
 * job, so the attempt is given back, as for the jobs held back before their claim.
 */
public final class CircuitOpenedException extends RuntimeException {
  CircuitOpenedException(RetryableJobException failure) {
    super(failure.getMessage(), failure);
  }

  public RetryableJobException failure() {
    return (RetryableJobException) getCause();
  }
}
