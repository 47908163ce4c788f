package dev.promptly.e2e;

import static org.awaitility.Awaitility.await;

import dev.promptly.e2e.JobFacts.AttemptRow;
import dev.promptly.e2e.JobFacts.JobRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The jobs one scenario got a 202 for. Once the chaos is over it waits for them to settle and
 * reports on each: exactly one terminal state, nothing lost, no second result.
 */
final class ChaosLedger {
  private final String scenario;
  private final ChaosStack stack;
  private volatile PromptlyClient client;
  private final Queue<String> accepted = new ConcurrentLinkedQueue<>();

  ChaosLedger(String scenario, ChaosStack stack, PromptlyClient client) {
    this.scenario = scenario;
    this.stack = stack;
    this.client = client;
  }

  /** Asks the API at its new address from now on (the scenario replaced the API). */
  void askThrough(PromptlyClient replacement) {
    client = replacement;
  }

  void accept(String jobId) {
    accepted.add(jobId);
  }

  int size() {
    return accepted.size();
  }

  List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** What Postgres says of the accepted jobs right now. */
  List<JobRow> jobs() {
    return query(db -> JobFacts.jobs(db, accepted()));
  }

  List<AttemptRow> attempts() {
    return query(db -> JobFacts.attempts(db, accepted()));
  }

  int running() {
    return query(db -> JobFacts.running(db, accepted()));
  }

  List<String> runningOn(ServiceProcess worker) {
    return query(db -> JobFacts.runningOn(db, accepted(), worker.pid()));
  }

  /**
   * Waits up to {@code limit} for every accepted job to become terminal, then prints the scenario's
   * summary line and returns the report. A job still not terminal by then counts as lost.
   */
  ChaosReport settle(Duration limit) {
    List<String> ids = accepted();
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions() // a server the scenario restarted may still be coming back
          .until(() -> query(db -> JobFacts.terminal(db, ids)) == ids.size());
    } catch (ConditionTimeoutException e) {
      // Reported as lost below, with the line printed first.
    }
    ChaosReport report = report(ids);
    System.out.println(report.summary());
    return report;
  }

  private ChaosReport report(List<String> ids) {
    List<JobRow> jobs = query(db -> JobFacts.jobs(db, ids));
    Set<String> found = new HashSet<>();
    List<String> lost = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    for (JobRow job : jobs) {
      found.add(job.id());
      if (!job.isTerminal()) {
        lost.add(job.id());
      }
      if (job.isDuplicated()) {
        duplicated.add(job.id());
      }
    }
    ids.stream().filter(id -> !found.contains(id)).forEach(lost::add);
    // A job the API cannot find is lost to its user, whatever Postgres holds.
    List<String> stale = new ArrayList<>();
    for (String id : apiDisagreements(jobs)) {
      (apiStatus(id).equals("404") ? lost : stale).add(id);
    }
    return new ChaosReport(scenario, ids, jobs, lost, duplicated, stale);
  }

  /** Terminal jobs whose status the API shows differently, after a short grace for the cache. */
  private List<String> apiDisagreements(List<JobRow> jobs) {
    Map<String, String> truth = new HashMap<>();
    jobs.stream().filter(JobRow::isTerminal).forEach(job -> truth.put(job.id(), job.status()));
    List<String> disagreeing = new ArrayList<>(truth.keySet());
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                disagreeing.removeIf(id -> apiStatus(id).equals(truth.get(id)));
                return disagreeing.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      // What still disagrees is reported.
    }
    return disagreeing;
  }

  private String apiStatus(String id) {
    PromptlyClient.Response response = client.get("/v1/jobs/" + id);
    return response.status() == 200
        ? response.body().path("status").asString()
        : Integer.toString(response.status());
  }

  private <T> T query(Sql<T> sql) {
    try (Connection db = stack.connect()) {
      return sql.run(db);
    } catch (SQLException e) {
      throw new IllegalStateException("chaos " + scenario + ": cannot read the jobs", e);
    }
  }

  private interface Sql<T> {
    T run(Connection db) throws SQLException;
  }
}
