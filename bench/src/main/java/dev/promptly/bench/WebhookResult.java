package dev.promptly.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * When each job's webhook reached the load generator's receiver.
 *
 * @param received webhooks that arrived for the scenario's succeeded jobs
 * @param overheadMs request sent → webhook arrived, minus model time; null without any webhook
 * @param note what the figures mean, or why there are none
 */
record WebhookResult(int received, LatencySummary overheadMs, String note) {

  static WebhookResult of(
      Map<String, Submission> sent, List<JobTiming> timed, Map<String, Instant> arrivals) {
    List<JobTiming> delivered = timed.stream().filter(t -> arrivals.containsKey(t.id())).toList();
    if (delivered.isEmpty()) {
      return new WebhookResult(
          0, null, "pending: no webhook arrived (this build does not deliver webhooks yet)");
    }
    double[] overheads =
        delivered.stream()
            .mapToDouble(
                t ->
                    JobTiming.millisBetween(sent.get(t.id()).sentAt(), arrivals.get(t.id()))
                        - t.modelMillis())
            .toArray();
    return new WebhookResult(
        delivered.size(),
        Percentiles.of(overheads).summary(),
        "request sent → webhook received, minus model time");
  }
}
