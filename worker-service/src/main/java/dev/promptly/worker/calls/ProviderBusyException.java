package dev.promptly.worker.calls;

import java.time.Duration;

/**
 * The model's shared rate limit has no permit now: the call was not made, and the job waits {@link
 * #retryIn()} with its attempt given back.
 */
public class ProviderBusyException extends RuntimeException {
  private final Duration retryIn;

  ProviderBusyException(String model, Duration retryIn) {
    super("rate limit of " + model + " reached", null, false, false);
    this.retryIn = retryIn;
  }

  public Duration retryIn() {
    return retryIn;
  }
}
