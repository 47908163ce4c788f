package dev.promptly.worker.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A tenant's {@code max_concurrent_jobs} against more consumers (6) than the cap: the jobs over the
 * cap park without using an attempt and run as slots free, and the cap is never exceeded, read from
 * when each attempt started and finished.
 */
class TenantCapIT extends WorkerIntegrationTest {
  private static final int CAP = 2;

  @Test
  void aCapOfTwoIsNeverExceededAndParkedJobsRunWithoutUsingAttempts() {
    EMULATOR.configure("{\"latency_ms\": 200}");
    String tenant = aQueuedJob().insert().tenantId();
    capTenant(tenant, CAP);
    List<TestJob> jobs =
        IntStream.range(0, 12).mapToObj(i -> aQueuedJob().forTenant(tenant).insert()).toList();

    jobs.forEach(this::publish);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> jobs.stream().anyMatch(job -> waitingFor(job) == WaitingFor.TENANT_CONCURRENCY));
    jobs.forEach(job -> awaitStatus(job, JobStatus.SUCCEEDED));
    assertThat(jobs).allSatisfy(job -> assertThat(job(job).attempts()).isEqualTo(1));
    assertThat(jobs).allSatisfy(job -> assertThat(job(job).waitingFor()).isNull());
    assertThat(mostRunningAtOnce(jobs)).isEqualTo(CAP);
  }

  @Test
  void removingTheCapLetsEveryParkedJobGo() {
    EMULATOR.configure("{\"latency_ms\": 2000}");
    String tenant = aQueuedJob().insert().tenantId();
    capTenant(tenant, 1);
    List<TestJob> jobs =
        IntStream.range(0, 4).mapToObj(i -> aQueuedJob().forTenant(tenant).insert()).toList();
    jobs.forEach(this::publish);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jobs.stream()
                        .filter(job -> waitingFor(job) == WaitingFor.TENANT_CONCURRENCY)
                        .count()
                    == 3);

    capTenant(tenant, null);

    // The first job still runs its 2 s call: the others start before it ends.
    await()
        .atMost(Duration.ofSeconds(8))
        .until(() -> jobs.stream().filter(job -> job(job).startedAt() != null).count() == 4);
    jobs.forEach(job -> awaitStatus(job, JobStatus.SUCCEEDED));
  }

  private WaitingFor waitingFor(TestJob job) {
    JobRecord record = job(job);
    return record.waitingFor();
  }

  private void capTenant(String tenant, Integer cap) {
    jdbc.sql("UPDATE tenants SET max_concurrent_jobs = ? WHERE id = ?")
        .param(1, cap, java.sql.Types.INTEGER)
        .param(2, tenant)
        .update();
  }

  private record Interval(Instant start, Instant end) {}

  /** The most attempts of these jobs that overlapped in time. */
  private int mostRunningAtOnce(List<TestJob> jobs) {
    List<Interval> intervals = new ArrayList<>();
    for (TestJob job : jobs) {
      intervals.addAll(
          jdbc.sql("SELECT started_at, finished_at FROM job_attempts WHERE job_id = ?")
              .param(job.id())
              .query(
                  (rs, row) ->
                      new Interval(
                          rs.getTimestamp("started_at").toInstant(),
                          rs.getTimestamp("finished_at").toInstant()))
              .list());
    }
    intervals.sort(Comparator.comparing(Interval::start));
    int most = 0;
    for (Interval interval : intervals) {
      int running =
          (int)
              intervals.stream()
                  .filter(
                      other ->
                          !other.start().isAfter(interval.start())
                              && other.end().isAfter(interval.start()))
                  .count();
      most = Math.max(most, running);
    }
    return most;
  }
}
