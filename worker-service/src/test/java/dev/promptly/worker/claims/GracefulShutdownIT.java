package dev.promptly.worker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobStatus;
import dev.promptly.model.Priority;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import dev.promptly.worker.leases.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Stops one listener container the way context shutdown does (shutdown-grace is 1.5 s here),
 * without closing the shared context.
 */
class GracefulShutdownIT extends WorkerIntegrationTest {
  @Autowired Heartbeat heartbeat;
  @Autowired RabbitTemplate rabbit;
  @Autowired MessagingProperties messaging;

  @Autowired
  @Qualifier("jobs")
  SimpleMessageListenerContainer jobs;

  @Test
  void heartbeatStopsOnlyAfterTheListenerContainersHaveHadTheirGrace() {
    assertThat(heartbeat.getPhase()).isLessThan(jobs.getPhase());
  }

  @Test
  void jobFinishingWithinTheGraceCompletesAndItsMessageIsAcked() {
    EMULATOR.configure("{\"latency_ms\": 800}");
    TestJob job = aQueuedJob().withPriority(Priority.LOW).insert();
    publish(job);
    awaitStatus(job, JobStatus.RUNNING);

    stopAndRestart(
        () -> {
          assertThat(job(job).status()).isEqualTo(JobStatus.SUCCEEDED);
          assertThat(messagesWaitingIn("low")).isZero();
        });

    assertThat(job(job).attempts()).isEqualTo(1);
  }

  @Test
  void jobStillRunningWhenTheGraceEndsIsHandedBackUnrenewedAndNeverFailed() {
    EMULATOR.configure("{\"latency_ms\": 8000}");
    TestJob job = aQueuedJob().withPriority(Priority.LOW).insert();
    double abandonedBefore = messagesSettledAs("abandoned");
    publish(job);
    awaitStatus(job, JobStatus.RUNNING);

    stopAndRestart(
        () -> {
          await()
              .atMost(Duration.ofSeconds(2))
              .until(() -> messagesSettledAs("abandoned") == abandonedBefore + 1);
          JobRecord left = job(job);
          assertThat(left.status()).isEqualTo(JobStatus.RUNNING);
          assertThat(left.errorCode()).isNull();
          assertThat(outcomesOf(job)).containsExactly((String) null);
          assertThat(count("SELECT count(*) FROM dead_letters WHERE job_id = ?", job.id()))
              .isZero();
          await().atMost(Duration.ofSeconds(2)).until(() -> messagesWaitingIn("low") >= 1);
          Instant lastLease = left.leaseExpiresAt();
          await()
              .during(Duration.ofMillis(700))
              .atMost(Duration.ofSeconds(2))
              .until(
                  () -> job(job).leaseExpiresAt(),
                  lease -> lease == null || !lease.isAfter(lastLease));
          EMULATOR.configure("{\"latency_ms\": 0}");
        });

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(outcomesOf(job)).containsExactly("abandoned", "succeeded");
  }

  /** Stops the low-priority container (waiting out its grace), checks, and starts it again. */
  private void stopAndRestart(Runnable whileStopped) {
    jobs.stop();
    try {
      whileStopped.run();
    } finally {
      jobs.start();
    }
  }

  private long messagesWaitingIn(String priority) {
    return rabbit.execute(
        channel -> (long) channel.queueDeclarePassive(messaging.queue()).getMessageCount());
  }

  private List<String> outcomesOf(TestJob job) {
    return jdbc.sql("SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY attempt")
        .param(job.id())
        .query(String.class)
        .list();
  }
}
