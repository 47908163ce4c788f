package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.DispatchRelay;
import dev.promptly.dispatch.JobDispatchRepository;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobMessageCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class DispatchRelayIT extends JobStoreIT {
  @Autowired DispatchRelay relay;
  @Autowired JobDispatcher dispatcher;
  @Autowired JobDispatchRepository dispatches;
  @Autowired MessagingProperties messaging;
  @Autowired RabbitTemplate rabbit;
  @Autowired AmqpAdmin admin;
  @Autowired PlatformTransactionManager transactionManager;

  private String normalQueue;

  @BeforeEach
  void emptyQueues() {
    normalQueue = messaging.queue();
    admin.initialize();
    admin.purgeQueue(normalQueue, false);
    jdbc.sql("UPDATE job_dispatches SET sent_at = now() WHERE sent_at IS NULL").update();
  }

  @Test
  void dispatchIsPublishedRightAfterCommit() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "queued");

    new TransactionTemplate(transactionManager)
        .executeWithoutResult(
            tx ->
                dispatcher.dispatch(
                    new DispatchOrder(job, tenant, 1, "normal", null, "req-1", null)));

    List<JobMessage> received = drain();
    assertThat(received).extracting(JobMessage::jobId).containsExactly(job);
    assertThat(received.getFirst().requestId()).isEqualTo("req-1");
    await().atMost(Duration.ofSeconds(5)).until(() -> unsentCount(job) == 0);
  }

  @Test
  void rolledBackDispatchLeavesNoRowAndNoMessage() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "queued");

    new TransactionTemplate(transactionManager)
        .executeWithoutResult(
            tx -> {
              dispatcher.dispatch(new DispatchOrder(job, tenant, 1, "normal", null, null, null));
              tx.setRollbackOnly();
            });

    assertThat(drain()).isEmpty();
    assertThat(rowCount(job)).isZero();
  }

  @Test
  void relayPublishesADispatchThatWasNeverSent() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "queued");
    scheduleUnsent(job, tenant, Instant.now().minusSeconds(60));

    int published = relay.relayDue();

    assertThat(published).isEqualTo(1);
    assertThat(drain()).extracting(JobMessage::jobId).containsExactly(job);
    await().atMost(Duration.ofSeconds(5)).until(() -> unsentCount(job) == 0);
  }

  @Test
  void relayLeavesADelayedDispatchUntilItsTime() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "retry_scheduled");
    scheduleUnsent(job, tenant, Instant.now().plusSeconds(600));

    relay.relayDue();

    assertThat(drain()).isEmpty();
    assertThat(unsentCount(job)).isEqualTo(1);
  }

  @Test
  void concurrentRelaysPublishEachDispatchExactlyOnce() throws Exception {
    String tenant = jobs().aTenant();
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String job = jobs().aJob(tenant, "queued");
      scheduleUnsent(job, tenant, Instant.now().minusSeconds(60));
      expected.add(job);
    }
    CountDownLatch start = new CountDownLatch(1);

    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Integer>> passes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        passes.add(
            pool.submit(
                () -> {
                  start.await();
                  return relay.relayDue();
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> pass : passes) {
        total += pass.get();
      }
      assertThat(total).isEqualTo(30);
    }

    List<String> received = drain().stream().map(JobMessage::jobId).toList();
    assertThat(received).hasSize(30).doesNotHaveDuplicates();
    assertThat(new HashSet<>(received)).isEqualTo(expected);
  }

  private void scheduleUnsent(String job, String tenant, Instant notBefore) {
    dispatches.schedule(new DispatchOrder(job, tenant, 1, "normal", null, null, notBefore));
    // Age the row past the relay's grace period, as if the publish after commit had failed.
    jdbc.sql(
            "UPDATE job_dispatches SET created_at = now() - interval '1 minute' WHERE job_id = :id")
        .param("id", job)
        .update();
  }

  /**
   * Every message on the queue. The first may take a while on a loaded machine (each receive sets
   * up a consumer), so it is waited for longer than the gaps between the rest.
   */
  private List<JobMessage> drain() {
    List<JobMessage> messages = new ArrayList<>();
    Message message = rabbit.receive(normalQueue, 2000);
    while (message != null) {
      messages.add(JobMessageCodec.decode(message.getBody()));
      message = rabbit.receive(normalQueue, 300);
    }
    return messages;
  }

  private long unsentCount(String job) {
    return jdbc.sql("SELECT count(*) FROM job_dispatches WHERE job_id = :id AND sent_at IS NULL")
        .param("id", job)
        .query(Long.class)
        .single();
  }

  private long rowCount(String job) {
    return jdbc.sql("SELECT count(*) FROM job_dispatches WHERE job_id = :id")
        .param("id", job)
        .query(Long.class)
        .single();
  }
}
