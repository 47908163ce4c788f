package dev.promptly.emulator.control;

import dev.promptly.emulator.Outcome;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts completion requests by outcome (LongAdders keep hundreds of concurrent writers cheap), and
 * how many were in flight at most: the provider's view of a client's concurrency, which a client's
 * own timestamps can only approximate.
 */
@Component
public class EmulatorStats {

  private final Map<Outcome, LongAdder> counters = new EnumMap<>(Outcome.class);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  public EmulatorStats() {
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, new LongAdder());
    }
  }

  public void record(Outcome outcome) {
    counters.get(outcome).increment();
  }

  /** A completion request arrived; {@link #finished} follows once it is answered. */
  public void started() {
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
  }

  public void finished() {
    inFlight.decrementAndGet();
  }

  StatsSnapshot snapshot() {
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    long requests = 0;
    for (Outcome outcome : Outcome.values()) {
      long count = counters.get(outcome).sum();
      byOutcome.put(outcome.wireName(), count);
      requests += count;
    }
    return new StatsSnapshot(requests, byOutcome, inFlight.get(), mostInFlight.get());
  }

  void reset() {
    counters.values().forEach(LongAdder::reset);
    // Requests still being answered stay counted, so the peak after a reset starts from them.
    mostInFlight.set(inFlight.get());
  }
}
