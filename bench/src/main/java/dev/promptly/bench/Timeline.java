package dev.promptly.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events (a job accepted, a job finished) counted per second from a scenario's start, with the
 * latency percentiles of the events of each second: throughput and latency over time.
 */
final class Timeline {
  /** One second of a scenario: events that happened in it, and their latencies. */
  record Second(int second, int events, double p50Ms, double p99Ms) {}

  /** One event: when it happened, and the latency it ended. */
  record Event(Instant at, double latencyMillis) {}

  private Timeline() {}

  static List<Second> of(Instant start, List<Event> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    int seconds = 0;
    for (Event event : events) {
      seconds = Math.max(seconds, secondOf(start, event.at()) + 1);
    }
    List<List<Double>> buckets = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      buckets.add(new ArrayList<>());
    }
    for (Event event : events) {
      buckets.get(secondOf(start, event.at())).add(event.latencyMillis());
    }
    List<Second> timeline = new ArrayList<>(seconds);
    for (int s = 0; s < seconds; s++) {
      Percentiles latencies =
          Percentiles.of(buckets.get(s).stream().mapToDouble(Double::doubleValue).toArray());
      timeline.add(
          new Second(
              s,
              latencies.count(),
              latencies.count() == 0 ? 0 : latencies.percentile(50),
              latencies.count() == 0 ? 0 : latencies.percentile(99)));
    }
    return timeline;
  }

  // An event a hair before the start (clock resolution) belongs to the first second.
  private static int secondOf(Instant start, Instant at) {
    return (int) Math.max(0, Duration.between(start, at).toMillis() / 1000);
  }
}
