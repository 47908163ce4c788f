package dev.promptly.bench;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a scenario's accepted jobs went through the whole platform, from the job timestamps the
 * services stored (clock of this machine, shared by the load generator and the services).
 *
 * @param windowS first request sent → last job finished
 * @param completedPerS succeeded jobs / window: the rate a user sees
 * @param drainPerS succeeded jobs / (first job started → last finished): the workers' own rate,
 *     which for a queue filled before the workers start is their capacity
 * @param latencyMs request sent → result stored (the job's {@code finished_at})
 * @param serverLatencyMs job stored ({@code created_at}) → result stored
 * @param queueWaitMs job stored → a worker started it
 * @param modelMs the time the job's model calls took
 * @param overheadMs server latency − model time: what the platform itself adds
 * @param overheadClientMs latency − model time, including the HTTP request
 */
record EndToEndResult(
    int accepted,
    int succeeded,
    int failed,
    int unfinished,
    double windowS,
    double completedPerS,
    double drainWindowS,
    double drainPerS,
    LatencySummary latencyMs,
    LatencySummary serverLatencyMs,
    LatencySummary queueWaitMs,
    LatencySummary modelMs,
    LatencySummary overheadMs,
    LatencySummary overheadClientMs,
    WebhookResult webhooks,
    List<Timeline.Second> timeline) {

  static EndToEndResult of(
      List<Submission> submissions, List<JobTiming> timings, Map<String, Instant> webhooks) {
    Map<String, Submission> sent =
        submissions.stream()
            .filter(Submission::accepted)
            .collect(Collectors.toMap(Submission::jobId, Function.identity()));
    List<JobTiming> ours = timings.stream().filter(t -> sent.containsKey(t.id())).toList();
    List<JobTiming> done = ours.stream().filter(JobTiming::succeeded).toList();
    int failed = (int) ours.stream().filter(t -> "failed".equals(t.status())).count();
    int unfinished = sent.size() - done.size() - failed;
    Instant start = SubmitResult.start(submissions);
    Instant end = latest(done, JobTiming::finishedAt, start);
    Instant firstStarted =
        done.stream()
            .map(JobTiming::startedAt)
            .filter(Objects::nonNull)
            .min(Comparator.naturalOrder())
            .orElse(start);
    double window = Math.max(JobTiming.millisBetween(start, end) / 1e3, 1e-3);
    double drain = Math.max(JobTiming.millisBetween(firstStarted, end) / 1e3, 1e-3);
    List<JobTiming> timed = done.stream().filter(t -> t.modelMillis() != null).toList();
    return new EndToEndResult(
        sent.size(),
        done.size(),
        failed,
        unfinished,
        window,
        done.size() / window,
        drain,
        done.size() / drain,
        summary(done, t -> JobTiming.millisBetween(sent.get(t.id()).sentAt(), t.finishedAt())),
        summary(done, t -> JobTiming.millisBetween(t.createdAt(), t.finishedAt())),
        summary(done, t -> JobTiming.millisBetween(t.createdAt(), t.startedAt())),
        summary(timed, JobTiming::modelMillis),
        summary(
            timed, t -> JobTiming.millisBetween(t.createdAt(), t.finishedAt()) - t.modelMillis()),
        summary(
            timed,
            t ->
                JobTiming.millisBetween(sent.get(t.id()).sentAt(), t.finishedAt())
                    - t.modelMillis()),
        webhooks == null ? null : WebhookResult.of(sent, timed, webhooks),
        Timeline.of(
            start,
            done.stream()
                .map(
                    t ->
                        new Timeline.Event(
                            t.finishedAt(),
                            JobTiming.millisBetween(sent.get(t.id()).sentAt(), t.finishedAt())))
                .toList()));
  }

  private static LatencySummary summary(List<JobTiming> jobs, Function<JobTiming, Double> value) {
    return Percentiles.of(jobs.stream().mapToDouble(value::apply).toArray()).summary();
  }

  private static Instant latest(
      List<JobTiming> jobs, Function<JobTiming, Instant> time, Instant otherwise) {
    return jobs.stream().map(time).max(Comparator.naturalOrder()).orElse(otherwise);
  }
}
