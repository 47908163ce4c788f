package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.DispatchRelay;
import dev.promptly.dispatch.JobDispatchRepository;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.tracing.TraceContexts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/** The outbox keeps a job's trace although the relay publishes long after the request ended. */
class DispatchTracingIT extends JobStoreIT {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String STORED = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Autowired DispatchRelay relay;
  @Autowired JobDispatchRepository dispatches;
  @Autowired MessagingProperties messaging;
  @Autowired RabbitTemplate rabbit;
  @Autowired AmqpAdmin admin;
  @Autowired TraceContexts traces;

  private String normalQueue;

  @BeforeEach
  void emptyQueues() {
    normalQueue = messaging.queue();
    admin.initialize();
    admin.purgeQueue(normalQueue, false);
    jdbc.sql("UPDATE job_dispatches SET sent_at = now() WHERE sent_at IS NULL").update();
  }

  @Test
  void relayedMessageCarriesAChildOfTheStoredTraceparent() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "queued");
    scheduleUnsent(job, tenant, STORED);

    relay.relayDue();

    List<Message> received = drain();
    assertThat(received).hasSize(1);
    String header = received.getFirst().getMessageProperties().getHeader("traceparent");
    assertThat(header).startsWith("00-" + TRACE_ID + "-").isNotEqualTo(STORED);
  }

  @Test
  void relayedMessageWithoutStoredTraceStartsATraceOfItsOwn() {
    String tenant = jobs().aTenant();
    String job = jobs().aJob(tenant, "queued");
    scheduleUnsent(job, tenant, null);

    relay.relayDue();

    List<Message> received = drain();
    assertThat(received).hasSize(1);
    String header = received.getFirst().getMessageProperties().getHeader("traceparent");
    assertThat(TraceContexts.sane(header)).isNotNull();
  }

  @Test
  void workRunUnderAStoredTraceparentSeesThatTraceAsCurrent() {
    String current =
        traces.callUnder(STORED, "test", Map.of(), () -> traces.current().orElseThrow());

    assertThat(current).startsWith("00-" + TRACE_ID + "-").isNotEqualTo(STORED);
  }

  @Test
  void carriedWorkSeesTheCallersTraceOnAnotherThread() throws Exception {
    String[] seen = new String[1];

    traces.runUnder(
        STORED,
        "test",
        Map.of(),
        () -> {
          Supplier<String> carried = traces.carried(() -> traces.current().orElse(null));
          Thread other = Thread.ofVirtual().start(() -> seen[0] = carried.get());
          try {
            other.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });

    assertThat(seen[0]).startsWith("00-" + TRACE_ID + "-");
  }

  private void scheduleUnsent(String job, String tenant, String traceparent) {
    dispatches.schedule(
        new DispatchOrder(
            job, tenant, 1, "normal", traceparent, null, Instant.now().minusSeconds(60)));
    jdbc.sql(
            "UPDATE job_dispatches SET created_at = now() - interval '1 minute' WHERE job_id = :id")
        .param("id", job)
        .update();
  }

  private List<Message> drain() {
    List<Message> messages = new ArrayList<>();
    Message message;
    while ((message = rabbit.receive(normalQueue, 300)) != null) {
      messages.add(message);
    }
    return messages;
  }
}
