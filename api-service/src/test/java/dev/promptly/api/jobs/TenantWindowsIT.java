package dev.promptly.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.jobstore.SchedulingProperties;
import dev.promptly.jobstore.WaitingJobs;
import dev.promptly.model.WaitingFor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fair share at the door, on a window of 3: of a tenant's new jobs, those beyond its window of
 * released (queued, not parked) jobs are parked, lowest priority first, and another tenant's are
 * not.
 */
class TenantWindowsIT extends ApiIntegrationTest {
  @Autowired WaitingJobs waiting;
  @Autowired JobRepository jobs;
  @Autowired PlatformTransactionManager transactionManager;

  @Test
  void jobsBeyondTheirTenantsWindowAreParkedLowestPriorityFirst() {
    String key = aTenantKey();
    String other = aTenantKey();
    List<JobRecord> newest = new ArrayList<>();
    submitted(key, CHAT);
    submitted(key, CHAT);
    newest.add(job(submitted(key, CHAT.replace("{\"kind\"", "{\"priority\":\"high\",\"kind\""))));
    newest.add(job(submitted(key, CHAT)));
    newest.add(job(submitted(key, CHAT.replace("{\"kind\"", "{\"priority\":\"low\",\"kind\""))));
    JobRecord othersJob = job(submitted(other, CHAT));
    newest.add(othersJob);
    TenantWindows windows =
        new TenantWindows(waiting, new SchedulingProperties(3, Duration.ofMillis(200)));

    Map<String, JobRecord> parked =
        new TransactionTemplate(transactionManager)
            .execute(status -> windows.parkBeyondWindows(newest));

    // Five released, a window of three: the low and the normal one of the newest wait.
    assertThat(parked.keySet()).containsExactlyInAnyOrder(newest.get(2).id(), newest.get(1).id());
    assertThat(jobs.find(newest.get(2).id()).orElseThrow().waitingFor())
        .isEqualTo(WaitingFor.TENANT_CONCURRENCY);
    assertThat(jobs.find(newest.get(0).id()).orElseThrow().waitingFor()).isNull();
    assertThat(jobs.find(othersJob.id()).orElseThrow().waitingFor()).isNull();
  }

  private JobRecord job(tools.jackson.databind.JsonNode resource) {
    return jobs.find(resource.get("id").asString()).orElseThrow();
  }
}
