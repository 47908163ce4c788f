package dev.promptly.emulator.control;

import java.time.Duration;

/** A failure the emulator plays instead of answering a completion. */
public sealed interface Fault {

  /** Every completion fails with 503 while {@code outage} is on. */
  record Outage() implements Fault {}

  /** The rolling-minute window already holds {@code limit} requests. */
  record RateLimited(int limit, Duration retryAfter) implements Fault {}

  /** The rolling-minute window holds too many tokens for this request's {@code requested}. */
  record TokensRateLimited(long limit, long used, long requested, Duration retryAfter)
      implements Fault {}

  /** A random failure drawn with probability {@code error_rate}. */
  record InjectedError(int status) implements Fault {}
}
