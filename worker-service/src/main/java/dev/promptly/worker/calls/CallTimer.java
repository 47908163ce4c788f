package dev.promptly.worker.calls;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How long one provider call took, measured around the call alone: the rate-limit permit and the
 * budget reservation before it are the platform's time, not the model's. A monotonic ticker, not
 * the wall clock, so a clock step cannot make a call look shorter or negative.
 */
final class CallTimer {
  private final LongSupplier ticker;
  private volatile long elapsedNanos;

  CallTimer() {
    this(System::nanoTime);
  }

  CallTimer(LongSupplier ticker) {
    this.ticker = ticker;
  }

  <T> T time(Supplier<T> call) {
    long start = ticker.getAsLong();
    T answer = call.get();
    elapsedNanos = ticker.getAsLong() - start;
    return answer;
  }

  /** The duration of the last call that answered; zero before one did. */
  Duration elapsed() {
    return Duration.ofNanos(elapsedNanos);
  }
}
