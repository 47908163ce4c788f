package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.DispatchRelay;
import dev.promptly.dispatch.JobDispatch;
import dev.promptly.dispatch.JobDispatchRepository;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.dispatch.OutboxPublisher;
import dev.promptly.model.JobMessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

class OutboxPublisherIT extends JobStoreIT {
  /** A routing key whose queue refuses every message: the broker nacks each publish to it. */
  private static final String REFUSING = "refusing";

  @Autowired OutboxPublisher outbox;
  @Autowired DispatchRelay relay;
  @Autowired JobDispatchRepository dispatches;
  @Autowired MessagingProperties messaging;
  @Autowired RabbitTemplate rabbit;
  @Autowired AmqpAdmin admin;

  private String normalQueue;
  private String refusingQueue;

  @BeforeEach
  void emptyQueues() {
    normalQueue = messaging.queue();
    refusingQueue = "promptly.test." + REFUSING;
    admin.initialize();
    admin.purgeQueue(normalQueue, false);
    jdbc.sql("UPDATE job_dispatches SET sent_at = now() WHERE sent_at IS NULL").update();
  }

  @AfterEach
  void dropRefusingQueue() {
    admin.deleteQueue(refusingQueue);
  }

  @Test
  void aBatchIsConfirmedTogetherAndMarkedSent() {
    List<JobDispatch> batch = new ArrayList<>();
    String tenant = jobs().aTenant();
    for (int i = 0; i < 50; i++) {
      batch.add(unsent(tenant, "normal"));
    }

    int confirmed = outbox.publish(batch);

    assertThat(confirmed).isEqualTo(50);
    assertThat(drain(normalQueue)).hasSize(50);
    assertThat(unsent(batch)).isEmpty();
  }

  @Test
  void aNackedMessageOfABatchIsTheOnlyOneLeftUnsentAndTheRelayPublishesItAgain() {
    bindRefusingQueue(Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
    String tenant = jobs().aTenant();
    JobDispatch first = unsent(tenant, "normal");
    JobDispatch refused = unsent(tenant, REFUSING);
    JobDispatch last = unsent(tenant, "normal");

    int confirmed = outbox.publish(List.of(first, refused, last));

    assertThat(confirmed).isEqualTo(2);
    assertThat(unsent(List.of(first, refused, last))).containsExactly(refused.id());
    assertThat(drain(normalQueue)).hasSize(2);

    // The queue takes messages again; past the relay's grace only the refused one goes out again.
    admin.deleteQueue(refusingQueue);
    bindRefusingQueue(Map.of());
    jdbc.sql("UPDATE job_dispatches SET created_at = now() - interval '1 minute' WHERE id = :id")
        .param("id", refused.id())
        .update();
    relay.relayDue();

    assertThat(drain(refusingQueue)).containsExactly(refused.jobId());
    assertThat(drain(normalQueue)).isEmpty();
  }

  @Test
  void aReturnedMessageStaysUnsentForTheRelay() {
    String tenant = jobs().aTenant();
    JobDispatch unroutable = unsent(tenant, "no-queue-bound");

    int confirmed = outbox.publish(List.of(unroutable));

    assertThat(confirmed).isZero();
    assertThat(unsent(List.of(unroutable))).containsExactly(unroutable.id());
  }

  private void bindRefusingQueue(Map<String, Object> arguments) {
    Queue queue = new Queue(refusingQueue, true, false, false, arguments);
    admin.declareQueue(queue);
    Binding binding =
        BindingBuilder.bind(queue).to(new DirectExchange(messaging.exchange())).with(REFUSING);
    admin.declareBinding(binding);
  }

  private JobDispatch unsent(String tenant, String routingKey) {
    return dispatches.schedule(
        new DispatchOrder(
            jobs().aJob(tenant, "queued"), tenant, 1, routingKey, null, null, Instant.now()));
  }

  private List<Long> unsent(List<JobDispatch> dispatched) {
    return jdbc.sql("SELECT id FROM job_dispatches WHERE id IN (:ids) AND sent_at IS NULL")
        .param("ids", dispatched.stream().map(JobDispatch::id).toList())
        .query(Long.class)
        .list();
  }

  private List<String> drain(String queue) {
    List<String> jobIds = new ArrayList<>();
    Message message;
    while ((message = rabbit.receive(queue, 300)) != null) {
      jobIds.add(JobMessageCodec.decode(message.getBody()).jobId());
    }
    return jobIds;
  }
}
