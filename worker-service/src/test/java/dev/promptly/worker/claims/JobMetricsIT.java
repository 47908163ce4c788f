package dev.promptly.worker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the worker counts and times of each job and each provider call. */
class JobMetricsIT extends WorkerIntegrationTest {

  @Test
  void aSucceededJobIsCountedAndItsWaitExecutionLifeAndCallAreTimed() {
    double succeeded = count("promptly.jobs.completed", "kind", "chat", "outcome", "succeeded");
    long waits = timed("promptly.job.queue.wait", "kind", "chat", "priority", "normal");
    long executions = timed("promptly.job.execution", "kind", "chat", "outcome", "succeeded");
    long lives = timed("promptly.job.end.to.end", "kind", "chat", "outcome", "succeeded");
    double calls =
        count(
            "promptly.llm.calls", "provider", "default", "model", "default", "outcome", "success");
    TestJob job = aQueuedJob().withKind(JobKind.CHAT).insert();

    publish(job);

    awaitStatus(job, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(count("promptly.jobs.completed", "kind", "chat", "outcome", "succeeded"))
                    .isEqualTo(succeeded + 1));
    assertThat(timed("promptly.job.queue.wait", "kind", "chat", "priority", "normal"))
        .isEqualTo(waits + 1);
    assertThat(timed("promptly.job.execution", "kind", "chat", "outcome", "succeeded"))
        .isEqualTo(executions + 1);
    assertThat(timed("promptly.job.end.to.end", "kind", "chat", "outcome", "succeeded"))
        .isEqualTo(lives + 1);
    assertThat(
            count(
                "promptly.llm.calls",
                "provider",
                "default",
                "model",
                "default",
                "outcome",
                "success"))
        .isGreaterThanOrEqualTo(calls + 1);
    assertThat(
            meters
                .get("promptly.llm.call.duration")
                .tags("provider", "default", "model", "default", "outcome", "success")
                .timer()
                .count())
        .isPositive();
  }

  @Test
  void aRejectedJobIsCountedFailedAndAsADeadLetterByItsCode() {
    EMULATOR.configure("{\"error_rate\": 1.0, \"error_status\": 400}");
    double failed = count("promptly.jobs.completed", "kind", "summarize", "outcome", "failed");
    double deadLetters = count("promptly.dead.letters", "code", "provider_rejected");
    double rejectedCalls = count("promptly.llm.calls", "outcome", "provider_rejected");
    TestJob job = aQueuedJob().withMaxAttempts(3).insert();

    publish(job);

    awaitStatus(job, JobStatus.FAILED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(count("promptly.dead.letters", "code", "provider_rejected"))
                    .isEqualTo(deadLetters + 1));
    assertThat(count("promptly.jobs.completed", "kind", "summarize", "outcome", "failed"))
        .isEqualTo(failed + 1);
    assertThat(count("promptly.llm.calls", "outcome", "provider_rejected"))
        .isEqualTo(rejectedCalls + 1);
  }

  @Test
  void aProviderOutageIsCountedAsARetryForAProviderError() {
    EMULATOR.configure("{\"outage\": true}");
    double retries = count("promptly.job.retries", "reason", "provider_error");
    TestJob job = aQueuedJob().withMaxAttempts(3).insert();

    publish(job);

    awaitStatus(job, JobStatus.RETRY_SCHEDULED);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(count("promptly.job.retries", "reason", "provider_error"))
                    .isEqualTo(retries + 1));
    assertThat(count("promptly.jobs.completed", "kind", "summarize", "outcome", "failed"))
        .as("a retry is not an ending")
        .isEqualTo(count("promptly.jobs.completed", "kind", "summarize", "outcome", "failed"));
  }

  private double count(String name, String... tags) {
    return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  private long timed(String name, String... tags) {
    return meters.find(name).tags(tags).timers().stream().mapToLong(Timer::count).sum();
  }
}
