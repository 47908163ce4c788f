package dev.promptly.emulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code GET /emulator/stats}; {@code requests} is the sum of all outcomes, {@code
 * most_in_flight} the most completion requests answered at once since the last reset; {@code
 * batches} counts the Files and Batches endpoints' work.
 */
record StatsSnapshot(
    @JsonProperty("requests") long requests,
    @JsonProperty("by_outcome") Map<String, Long> byOutcome,
    @JsonProperty("in_flight") int inFlight,
    @JsonProperty("most_in_flight") int mostInFlight,
    @JsonProperty("batches") Map<String, Long> batches) {

  StatsSnapshot {
    // Map.copyOf would lose the documented key order.
    byOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(byOutcome));
    batches = Collections.unmodifiableMap(new LinkedHashMap<>(batches));
  }
}
