package dev.promptly.dispatch;

import dev.promptly.model.JobMessage;
import dev.promptly.model.JobMessageCodec;
import dev.promptly.model.Priority;
import dev.promptly.tracing.TraceContexts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes job messages as persistent, mandatory messages with publisher confirms, so "sent" means
 * the broker has taken responsibility for the message. {@link #send} does not wait: many messages
 * go out, then {@link Sent#awaitConfirm} collects their confirms, which the broker acknowledges
 * together. Each publish runs in a span under the trace the message was created in, whichever
 * thread or process publishes it and however late (the relay), and the template's observation
 * writes that trace into the message's {@code traceparent} header.
 */
public class JobPublisher {
  private final RabbitTemplate rabbitTemplate;
  private final MessagingProperties properties;
  private final TraceContexts traces;

  public JobPublisher(
      RabbitTemplate rabbitTemplate, MessagingProperties properties, TraceContexts traces) {
    if (!rabbitTemplate.getConnectionFactory().isPublisherConfirms()) {
      throw new IllegalStateException(
          "publisher confirms are off: set spring.rabbitmq.publisher-confirm-type=correlated");
    }
    this.rabbitTemplate = rabbitTemplate;
    this.properties = properties;
    this.traces = traces;
  }

  /** A message handed to the broker, whose confirm is still to come. */
  public record Sent(String routingKey, CorrelationData correlation) {
    /**
     * Waits up to {@code timeout} for the broker's confirm.
     *
     * @throws PublishFailedException when the broker nacks, returns the message (no queue bound),
     *     or does not answer in time
     */
    public void awaitConfirm(Duration timeout) {
      try {
        CorrelationData.Confirm confirm =
            correlation.getFuture().get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        if (!confirm.ack()) {
          throw new PublishFailedException(
              "broker nacked " + correlation.getId() + ": " + confirm.reason());
        }
        // The broker sends a return before the confirm of the same message.
        if (correlation.getReturned() != null) {
          throw new PublishFailedException(
              "broker returned " + correlation.getId() + ": no queue bound for " + routingKey);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishFailedException("interrupted waiting for confirm", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new PublishFailedException("no confirm for " + correlation.getId(), e);
      }
    }
  }

  /**
   * Publishes and blocks until the broker confirms.
   *
   * @throws PublishFailedException when the broker nacks, returns the message, or does not answer
   *     within the confirm timeout
   */
  public void publish(String routingKey, JobMessage message) {
    send(routingKey, message).awaitConfirm(properties.confirmTimeout());
  }

  /**
   * Hands the message to the broker without waiting for its confirm.
   *
   * @throws PublishFailedException when the broker cannot be reached
   */
  public Sent send(String routingKey, JobMessage message) {
    return send(rabbitTemplate, routingKey, message);
  }

  /**
   * Runs {@code sends} with one channel held for all of them, so a batch does not take a channel
   * from the cache and give it back for every message; confirms still come per message.
   */
  public <T> T onOneChannel(Function<Channel, T> sends) {
    try {
      return rabbitTemplate.invoke(operations -> sends.apply(new Channel(operations)));
    } catch (AmqpException e) {
      throw new PublishFailedException("no channel to the broker", e);
    }
  }

  /** A channel held by {@link #onOneChannel}. */
  public final class Channel {
    private final RabbitOperations operations;

    private Channel(RabbitOperations operations) {
      this.operations = operations;
    }

    /** Like {@link JobPublisher#send}, on this channel. */
    public Sent send(String routingKey, JobMessage message) {
      return JobPublisher.this.send(operations, routingKey, message);
    }
  }

  private Sent send(RabbitOperations operations, String routingKey, JobMessage message) {
    return traces.callUnder(
        message.traceparent(),
        "job dispatch",
        Map.of("job.id", message.jobId(), "job.attempt", Integer.toString(message.attempt())),
        () -> sendNow(operations, routingKey, message));
  }

  private Sent sendNow(RabbitOperations operations, String routingKey, JobMessage message) {
    MessageProperties messageProperties = new MessageProperties();
    messageProperties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    messageProperties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    messageProperties.setMessageId(message.jobId() + ":" + message.attempt());
    messageProperties.setPriority(messagePriorityOf(routingKey));
    if (message.traceparent() != null) {
      // Without a tracer this is the header consumers see; with one, the template's observation
      // replaces it with the publish span's context.
      messageProperties.setHeader(TraceContexts.TRACEPARENT, message.traceparent());
    }
    Message amqpMessage = new Message(JobMessageCodec.encode(message), messageProperties);
    CorrelationData correlation = new CorrelationData(messageProperties.getMessageId());
    try {
      operations.send(properties.exchange(), routingKey, amqpMessage, correlation);
    } catch (AmqpException e) {
      throw new PublishFailedException("publish of " + correlation.getId() + " failed", e);
    }
    return new Sent(routingKey, correlation);
  }

  /** The routing key is the job's priority; a route outside the priorities gets the lowest. */
  private static int messagePriorityOf(String routingKey) {
    for (Priority priority : Priority.values()) {
      if (priority.wireName().equals(routingKey)) {
        return priority.messagePriority();
      }
    }
    return 0;
  }
}
