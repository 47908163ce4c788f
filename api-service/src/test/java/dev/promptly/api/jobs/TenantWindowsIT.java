package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.jobs.TenantJobRepository.NewJob;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.model.WaitingFor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fair share at the door, on a window of 3: of a tenant's new jobs, those beyond its window of
 * released (queued, not parked) jobs are inserted parked, lowest priority first, and another
 * tenant's are not.
 */
class TenantWindowsIT extends ApiIntegrationTest {
  private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Autowired WaitingJobs waiting;
  @Autowired JobRepository jobs;
  @Autowired TenantJobRepository tenantJobs;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void jobsBeyondTheirTenantsWindowAreInsertedParkedLowestPriorityFirst() {
    String key = aTenantKey();
    String tenant = job(submitted(key, CHAT)).tenantId();
    submitted(key, CHAT);
    String other = job(submitted(aTenantKey(), CHAT)).tenantId();
    NewJob high = newJob(tenant, Priority.HIGH, 1, null);
    NewJob normal = newJob(tenant, Priority.NORMAL, 2, null);
    NewJob low = newJob(tenant, Priority.LOW, 3, TRACE);
    NewJob othersJob = newJob(other, Priority.LOW, 4, null);
    List<NewJob> newest = List.of(high, normal, low, othersJob);
    TenantWindows windows =
        new TenantWindows(waiting, new SchedulingProperties(3, Duration.ofMillis(200)));

    Set<String> parked =
        new TransactionTemplate(transactionManager)
            .execute(
                status -> {
                  Set<String> beyond = windows.beyondWindows(newest);
                  tenantJobs.insertAll(newest, beyond);
                  return beyond;
                });

    // Two released and three new, a window of three: the low and the normal one wait.
    assertThat(parked).containsExactlyInAnyOrder(low.id(), normal.id());
    assertThat(jobs.find(low.id()).orElseThrow().waitingFor())
        .isEqualTo(WaitingFor.TENANT_CONCURRENCY);
    assertThat(jobs.find(normal.id()).orElseThrow().waitingFor())
        .isEqualTo(WaitingFor.TENANT_CONCURRENCY);
    assertThat(jobs.find(high.id()).orElseThrow().waitingFor()).isNull();
    assertThat(jobs.find(othersJob.id()).orElseThrow().waitingFor()).isNull();
    assertThat(waiting.releasedOf(List.of(tenant))).containsEntry(tenant, 3);
  }

  @Test
  void aJobParkedAtSubmissionIsLetGoWithTheTraceItWasSubmittedUnder() {
    String tenant = job(submitted(aTenantKey(), CHAT)).tenantId();
    NewJob parkedJob = newJob(tenant, Priority.NORMAL, 1, TRACE);
    TransactionTemplate transactions = new TransactionTemplate(transactionManager);
    transactions.executeWithoutResult(
        status -> tenantJobs.insertAll(List.of(parkedJob), Set.of(parkedJob.id())));

    List<WaitingJobs.Released> released =
        transactions.execute(status -> waiting.release(tenant, WaitingFor.TENANT_CONCURRENCY, 10));

    // It has no dispatch yet: the trace comes from its row, and its next message carries it.
    assertThat(released)
        .singleElement()
        .satisfies(
            job -> {
              assertThat(job.job().id()).isEqualTo(parkedJob.id());
              assertThat(job.traceparent()).isEqualTo(TRACE);
              assertThat(job.nextAttempt()).isEqualTo(1);
            });
    assertThat(jobs.find(parkedJob.id()).orElseThrow().waitingFor()).isNull();
  }

  private static NewJob newJob(String tenantId, Priority priority, int n, String traceparent) {
    JobSubmission submission =
        new JobSubmission(
            new ChatInput(List.of(new ChatMessage(ChatRole.USER, "hello " + n)), null, null),
            new ModelSpec("default", "gpt-4o-mini", 128_000, 0, 0, null, "default", 0, 0),
            priority,
            CacheMode.EXACT,
            OnBudgetExhausted.FAIL,
            Map.of(),
            null,
            3,
            60);
    return new NewJob(
        "job_window_" + UUID.randomUUID().toString().replace("-", ""),
        tenantId,
        submission,
        null,
        "hash-" + n,
        null,
        Instant.now().truncatedTo(ChronoUnit.MICROS).plusMillis(n),
        traceparent);
  }

  private JobRecord job(tools.jackson.databind.JsonNode resource) {
    return jobs.find(resource.get("id").asString()).orElseThrow();
  }
}
