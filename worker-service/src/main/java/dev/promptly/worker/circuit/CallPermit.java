package dev.promptly.worker.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call the provider's circuit breaker let through. Exactly one verdict counts: the first of
 * {@link #recordSuccess}, {@link #recordFailure} or {@link #release}; later ones are ignored, so
 * callers may release in a {@code finally} after recording.
 */
public final class CallPermit implements Admission {
  private final CircuitBreaker breaker;
  private final long grantedAtNanos = System.nanoTime();
  private final AtomicBoolean settled = new AtomicBoolean();
  private final boolean trial;

  CallPermit(CircuitBreaker breaker) {
    this.breaker = breaker;
    this.trial = breaker.getState() == CircuitBreaker.State.HALF_OPEN;
  }

  /**
   * Whether this call is one of the trial calls of a half-open circuit: the open period is not over
   * until the trials say so, so a failed trial is the outage's, not the job's.
   */
  public boolean isTrial() {
    return trial;
  }

  /** The provider answered (even if it refused the request): it is up. */
  public void recordSuccess() {
    if (settle()) {
      breaker.onSuccess(elapsedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** The provider failed (5xx, timeout, connection): counts towards opening the circuit. */
  public void recordFailure(Throwable fault) {
    if (settle()) {
      breaker.onError(elapsedNanos(), TimeUnit.NANOSECONDS, fault);
    }
  }

  /** Whether the provider's circuit is open now, e.g. because this call's failure opened it. */
  public boolean isCircuitOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  /** No verdict: the call was not made, or was abandoned before the provider answered. */
  public void release() {
    if (settle()) {
      breaker.releasePermission();
    }
  }

  private boolean settle() {
    return settled.compareAndSet(false, true);
  }

  private long elapsedNanos() {
    return System.nanoTime() - grantedAtNanos;
  }
}
