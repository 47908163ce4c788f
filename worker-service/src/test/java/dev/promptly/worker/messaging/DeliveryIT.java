package dev.promptly.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.model.Priority;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class DeliveryIT extends WorkerIntegrationTest {
  @Autowired RabbitTemplate rabbit;
  @Autowired CachingConnectionFactory connectionFactory;
  @Autowired MessagingProperties messaging;

  @Autowired
  @Qualifier("jobs")
  SimpleMessageListenerContainer jobs;

  @Test
  void sameMessagePublishedTwiceCallsTheModelOnce() {
    EMULATOR.configure("{\"latency_ms\": 300}");
    TestJob job = aQueuedJob().insert();
    double duplicatesBefore = messagesSettledAs("duplicate");

    publish(job);
    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesSettledAs("duplicate") >= duplicatesBefore + 1);
    assertThat(EMULATOR.requests()).isEqualTo(1);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isEqualTo(1);
  }

  @Test
  void redeliveredMessageCallsTheModelOnce() throws Exception {
    TestJob job = aQueuedJob().withPriority(Priority.LOW).insert();
    String queue = messaging.queue();
    double duplicatesBefore = messagesSettledAs("duplicate");
    jobs.stop();
    try {
      publish(job);
      publish(job);
      // Take one copy without acking it and drop the channel: the broker redelivers that copy.
      // A raw connection: closing a channel of the caching factory would only return it to the
      // cache.
      try (com.rabbitmq.client.Connection connection =
          connectionFactory.getRabbitConnectionFactory().newConnection()) {
        Channel channel = connection.createChannel();
        GetResponse taken = channel.basicGet(queue, false);
        assertThat(taken).isNotNull();
        channel.close();
      }
    } finally {
      jobs.start();
    }

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> messagesSettledAs("duplicate") >= duplicatesBefore + 1);
    assertThat(EMULATOR.requests()).isEqualTo(1);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM job_attempts WHERE job_id = ?", job.id())).isEqualTo(1);
  }

  @Test
  void malformedMessageIsDeadLetteredOnceAndNeverRedelivered() {
    String body = "not a job message " + UUID.randomUUID();

    rabbit.send(
        messaging.exchange(),
        "normal",
        new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));

    List<Message> deadLetters = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> drainDeadLettersWithBody(body, deadLetters) >= 1);
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> drainDeadLettersWithBody(body, deadLetters) == 1);
    List<Map<String, ?>> deaths = deadLetters.getFirst().getMessageProperties().getXDeathHeader();
    assertThat(deaths).hasSize(1);
    assertThat(deaths.getFirst().get("count")).isEqualTo(1L);
    assertThat(deaths.getFirst().get("reason")).isEqualTo("rejected");
    assertThat(messagesSettledAs("malformed")).isPositive();
  }

  @Test
  void messageForAnUnknownJobIsDeadLettered() {
    JobMessage message = JobMessage.of("job_" + "0".repeat(32), "ten_nobody", 1, null, null);

    publisher.publish("normal", message);

    await().atMost(Duration.ofSeconds(10)).until(() -> messagesSettledAs("unknown_job") >= 1);
    assertThat(EMULATOR.requests()).isZero();
  }

  /** Takes every dead letter off the queue, keeps the ones with this body; returns how many. */
  private int drainDeadLettersWithBody(String body, List<Message> kept) {
    Message message;
    while ((message = rabbit.receive(messaging.deadLetterQueue())) != null) {
      if (new String(message.getBody(), StandardCharsets.UTF_8).equals(body)) {
        kept.add(message);
      }
    }
    return kept.size();
  }
}
