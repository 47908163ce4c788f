package dev.promptly.worker.attempts;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the delay after attempt {@code n} is uniform in {@code [0,
 * min(maxDelay, baseDelay · 2^(n−1))]}, so that workers retrying one provider outage spread out
 * instead of returning together; never below {@code minDelay} or the provider's Retry-After.
 */
public class RetryBackoff {
  private final RetryProperties properties;
  private final LongUnaryOperator uniformUpTo;

  RetryBackoff(RetryProperties properties) {
    this(properties, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * @param uniformUpTo draws a value uniformly from {@code [0, bound]}; fixed in tests
   */
  RetryBackoff(RetryProperties properties, LongUnaryOperator uniformUpTo) {
    this.properties = properties;
    this.uniformUpTo = uniformUpTo;
  }

  /** The delay before the attempt after {@code failedAttempt} (counted from 1). */
  Duration delayAfter(int failedAttempt, Optional<Duration> retryAfter) {
    long ceiling = ceilingMillis(failedAttempt);
    Duration delay = Duration.ofMillis(ceiling == 0 ? 0 : uniformUpTo.applyAsLong(ceiling));
    if (delay.compareTo(properties.minDelay()) < 0) {
      delay = properties.minDelay();
    }
    if (retryAfter.isPresent() && delay.compareTo(retryAfter.get()) < 0) {
      delay = retryAfter.get();
    }
    return delay;
  }

  long ceilingMillis(int failedAttempt) {
    long cap = properties.maxDelay().toMillis();
    long ceiling = properties.baseDelay().toMillis();
    // Doubling stops at the cap, so large attempt numbers cannot overflow.
    for (int i = 1; i < failedAttempt && ceiling < cap; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, cap);
  }
}
