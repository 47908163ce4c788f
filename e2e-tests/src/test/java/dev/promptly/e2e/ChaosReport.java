package dev.promptly.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.e2e.JobFacts.JobRow;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What became of every job a scenario got a 202 for.
 *
 * @param lost accepted jobs that Postgres does not have, that never became terminal, or that the
 *     API cannot find
 * @param duplicated jobs with a second result, a second terminal state or a model call after they
 *     had succeeded
 * @param stale jobs whose status the API shows differently from Postgres
 */
record ChaosReport(
    String scenario,
    List<String> accepted,
    List<JobRow> jobs,
    List<String> lost,
    List<String> duplicated,
    List<String> stale) {

  ChaosReport {
    accepted = List.copyOf(accepted);
    jobs = List.copyOf(jobs);
    lost = List.copyOf(lost);
    duplicated = List.copyOf(duplicated);
    stale = List.copyOf(stale);
  }

  long succeeded() {
    return count("succeeded");
  }

  long failed() {
    return count("failed") + count("cancelled");
  }

  /** The one line per scenario the issue asks for. */
  String summary() {
    return "chaos %s: accepted=%d succeeded=%d failed=%d lost=%d duplicated=%d"
        .formatted(
            scenario, accepted.size(), succeeded(), failed(), lost.size(), duplicated.size());
  }

  /** Prints a scenario's extra facts under its summary line. */
  void detail(String detail) {
    System.out.println("chaos " + scenario + " detail: " + detail);
  }

  void assertNothingLostOrDoubled() {
    assertThat(lost).as("lost jobs %s", examples(lost)).isEmpty();
    assertThat(duplicated).as("jobs with a doubled effect %s", examples(duplicated)).isEmpty();
    assertThat(stale)
        .as("jobs the API shows otherwise than Postgres %s", examples(stale))
        .isEmpty();
  }

  void assertAllSucceeded() {
    List<String> notSucceeded =
        jobs.stream()
            .filter(job -> !job.status().equals("succeeded"))
            .map(job -> job.id() + "=" + job.status() + "/" + job.errorCode())
            .toList();
    assertThat(notSucceeded).as("jobs that did not succeed").isEmpty();
  }

  Map<String, JobRow> byId() {
    return jobs.stream().collect(Collectors.toMap(JobRow::id, Function.identity()));
  }

  /** A few example ids of a problem, for a failure message. */
  private static String examples(List<String> ids) {
    return ids.stream()
        .limit(5)
        .collect(Collectors.joining(", ", "[", ids.size() > 5 ? ", …]" : "]"));
  }

  private long count(String status) {
    return jobs.stream().filter(job -> job.status().equals(status)).count();
  }
}
