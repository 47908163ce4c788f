package dev.promptly.emulator.control;

import dev.promptly.emulator.BatchEvent;
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
 * own timestamps can only approximate. Batch work is counted apart: a batch line is no completion
 * request, and counting it as one would skew every rate the benchmarks derive from {@code
 * requests}.
 */
@Component
public class EmulatorStats {

  private final Map<Outcome, LongAdder> counters = new EnumMap<>(Outcome.class);
  private final Map<BatchEvent, LongAdder> batchCounters = new EnumMap<>(BatchEvent.class);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  public EmulatorStats() {
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, new LongAdder());
    }
    for (BatchEvent event : BatchEvent.values()) {
      batchCounters.put(event, new LongAdder());
    }
  }

  public void record(Outcome outcome) {
    counters.get(outcome).increment();
  }

  public void record(BatchEvent event) {
    batchCounters.get(event).increment();
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
    Map<String, Long> batches = new LinkedHashMap<>();
    batchCounters.forEach((event, count) -> batches.put(event.wireName(), count.sum()));
    return new StatsSnapshot(requests, byOutcome, inFlight.get(), mostInFlight.get(), batches);
  }

  void reset() {
    counters.values().forEach(LongAdder::reset);
    batchCounters.values().forEach(LongAdder::reset);
    // Requests still being answered stay counted, so the peak after a reset starts from them.
    mostInFlight.set(inFlight.get());
  }
}
