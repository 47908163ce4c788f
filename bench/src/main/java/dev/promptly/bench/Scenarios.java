package dev.promptly.bench;

import java.nio.file.Path;
import java.util.List;

/** Reading and printing scenario files. */
final class Scenarios {
  private Scenarios() {}

  /** The best end-to-end completed jobs/s among scenario files. */
  static double bestCompletedPerS(List<Path> files) {
    double best = 0;
    for (Path file : files) {
      best = Math.max(best, Json.read(file).path("end_to_end").path("completed_per_s").asDouble());
    }
    if (best <= 0) {
      throw new IllegalArgumentException("no completed jobs/s in " + files);
    }
    return best;
  }

  static void print(String name, EndToEndResult result) {
    System.err.printf(
        "bench %s: %d succeeded, %d failed, %d unfinished; %.1f jobs/s (drain %.1f/s);"
            + " latency p50 %.1f ms p99 %.1f ms; overhead p50 %.2f ms p99 %.2f ms%n",
        name,
        result.succeeded(),
        result.failed(),
        result.unfinished(),
        result.completedPerS(),
        result.drainPerS(),
        p50(result.latencyMs()),
        p99(result.latencyMs()),
        p50(result.overheadMs()),
        p99(result.overheadMs()));
  }

  static double p50(LatencySummary summary) {
    return summary == null ? Double.NaN : summary.p50();
  }

  static double p99(LatencySummary summary) {
    return summary == null ? Double.NaN : summary.p99();
  }
}
