package dev.promptly.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the API did with a scenario's submissions: how many it accepted per second, and how long
 * each {@code POST /v1/jobs} took.
 *
 * @param offeredRatePerS the open loop's rate; null for a closed loop
 * @param answers how many requests got each HTTP status ("0": no answer)
 * @param durationS from the first request sent to the last answer read
 */
record SubmitResult(
    int jobs,
    int clients,
    Double offeredRatePerS,
    int accepted,
    Map<String, Integer> answers,
    double durationS,
    double acceptedPerS,
    LatencySummary latencyMs,
    List<Timeline.Second> timeline) {

  static SubmitResult of(List<Submission> submissions, int clients, Double offeredRatePerS) {
    Map<String, Integer> answers = new TreeMap<>();
    submissions.forEach(s -> answers.merge(Integer.toString(s.status()), 1, Integer::sum));
    List<Submission> accepted = submissions.stream().filter(Submission::accepted).toList();
    Instant start = start(submissions);
    Instant end =
        submissions.stream()
            .map(Submission::answeredAt)
            .max(Comparator.naturalOrder())
            .orElse(start);
    double seconds = Math.max(Duration.between(start, end).toNanos() / 1e9, 1e-3);
    return new SubmitResult(
        submissions.size(),
        clients,
        offeredRatePerS,
        accepted.size(),
        answers,
        seconds,
        accepted.size() / seconds,
        Percentiles.of(accepted.stream().mapToDouble(Submission::latencyMillis).toArray())
            .summary(),
        Timeline.of(
            start,
            accepted.stream()
                .map(s -> new Timeline.Event(s.answeredAt(), s.latencyMillis()))
                .toList()));
  }

  static Instant start(List<Submission> submissions) {
    return submissions.stream()
        .map(Submission::sentAt)
        .min(Comparator.naturalOrder())
        .orElse(Instant.EPOCH);
  }
}
