package dev.promptly.dispatch;

import dev.promptly.model.JobMessage;
import dev.promptly.model.JobMessageCodec;
import dev.promptly.tracing.TraceContexts;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes job messages as persistent, mandatory messages and waits for the broker's confirm, so
 * "sent" means the broker has taken responsibility for the message. Each publish runs in a span
 * under the trace the message was created in, whichever thread or process publishes it and however
 * late (the relay), and the template's observation writes that trace into the message's {@code
 * traceparent} header.
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

  /**
   * Publishes and blocks until the broker confirms.
   *
   * @throws PublishFailedException when the broker nacks, returns the message, or does not answer
   *     within the confirm timeout
   */
  public void publish(String routingKey, JobMessage message) {
    traces.runUnder(
        message.traceparent(),
        "job dispatch",
        Map.of("job.id", message.jobId(), "job.attempt", Integer.toString(message.attempt())),
        () -> send(routingKey, message));
  }

  private void send(String routingKey, JobMessage message) {
    MessageProperties messageProperties = new MessageProperties();
    messageProperties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
    messageProperties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    messageProperties.setMessageId(message.jobId() + ":" + message.attempt());
    if (message.traceparent() != null) {
      // Without a tracer this is the header consumers see; with one, the template's observation
      // replaces it with the publish span's context.
      messageProperties.setHeader(TraceContexts.TRACEPARENT, message.traceparent());
    }
    Message amqpMessage = new Message(JobMessageCodec.encode(message), messageProperties);
    CorrelationData correlation = new CorrelationData(messageProperties.getMessageId());
    try {
      rabbitTemplate.send(properties.exchange(), routingKey, amqpMessage, correlation);
      CorrelationData.Confirm confirm =
          correlation
              .getFuture()
              .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!confirm.ack()) {
        throw new PublishFailedException(
            "broker nacked " + correlation.getId() + ": " + confirm.reason());
      }
      if (correlation.getReturned() != null) {
        throw new PublishFailedException(
            "broker returned " + correlation.getId() + ": no queue bound for " + routingKey);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted waiting for confirm", e);
    } catch (ExecutionException | TimeoutException | org.springframework.amqp.AmqpException e) {
      throw new PublishFailedException("publish of " + correlation.getId() + " failed", e);
    }
  }
}
