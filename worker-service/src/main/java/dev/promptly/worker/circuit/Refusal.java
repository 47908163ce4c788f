package dev.promptly.worker.circuit;

import java.time.Duration;
import java.util.Objects;

/**
 * The provider's circuit is open (or its trial calls are taken): no call now.
 *
 * @param retryIn how long to hold the job back: the rest of the open wait plus some jitter
 */
public record Refusal(Duration retryIn) implements Admission {
  public Refusal {
    Objects.requireNonNull(retryIn, "retryIn");
  }
}
