package dev.promptly.emulator.control;

import dev.promptly.emulator.Outcome;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** Counts completion requests by outcome; LongAdders keep hundreds of concurrent writers cheap. */
@Component
public class EmulatorStats {

  private final Map<Outcome, LongAdder> counters = new EnumMap<>(Outcome.class);

  public EmulatorStats() {
    for (Outcome outcome : Outcome.values()) {
      counters.put(outcome, new LongAdder());
    }
  }

  public void record(Outcome outcome) {
    counters.get(outcome).increment();
  }

  StatsSnapshot snapshot() {
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    long requests = 0;
    for (Outcome outcome : Outcome.values()) {
      long count = counters.get(outcome).sum();
      byOutcome.put(outcome.wireName(), count);
      requests += count;
    }
    return new StatsSnapshot(requests, byOutcome);
  }

  void reset() {
    counters.values().forEach(LongAdder::reset);
  }
}
