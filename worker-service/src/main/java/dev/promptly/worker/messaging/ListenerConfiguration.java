package dev.promptly.worker.messaging;

import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.dispatch.QueueType;
import dev.promptly.worker.claims.JobRunner;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * One listener container on the job queues, with one consumer per job this worker may run at once.
 * With quorum queues (one per priority) each consumer subscribes to every priority's queue, so no
 * capacity idles while any job waits; the broker then serves the priorities' queues in turn rather
 * than the highest first (see README, "Queue type"). Each consumer runs on its own virtual thread
 * and holds at most {@code prefetch} messages, so hundreds of jobs can wait on the model at once
 * without platform threads, every consumer serves every priority, and waiting work stays on the
 * broker for other workers.
 */
@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ListenerConfiguration.class);

  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler requeueScheduler() {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("requeue-");
    return scheduler;
  }

  @Bean
  JobListener jobListener(
      JobRunner runner,
      SimpleAsyncTaskScheduler requeueScheduler,
      ConsumerProperties properties,
      MeterRegistry meters) {
    return new JobListener(runner, new DelayedRequeue(requeueScheduler, properties), meters);
  }

  // The container takes the schema check as a parameter: no message is consumed before it passed.
  @Bean
  SimpleMessageListenerContainer jobs(
      ConnectionFactory connectionFactory,
      AmqpAdmin admin,
      JobListener listener,
      ConsumerProperties consumers,
      MessagingProperties messaging,
      SchemaCheck schemaCheck) {
    List<String> queues = new ArrayList<>();
    queues.addAll(messaging.jobQueues());
    queues.addAll(legacyQueuesPresent(admin, messaging));
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("jobs-");
    executor.setVirtualThreads(true);
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(queues.toArray(String[]::new));
    container.setMessageListener(listener);
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setPrefetchCount(consumers.prefetch());
    container.setConcurrentConsumers(consumers.concurrency());
    container.setTaskExecutor(executor);
    // On shutdown, in-flight jobs get this long; then channels close and the broker hands their
    // unacked messages to other workers.
    container.setShutdownTimeout(consumers.shutdownGrace().toMillis());
    container.setDefaultRequeueRejected(false);
    // A consume span per message, a child of the traceparent header, so the job's trace goes on
    // here; its ids reach the MDC of every log line of the job.
    container.setObservationEnabled(true);
    container.setAutoStartup(true);
    log.info(
        "consuming {} with {} consumers (prefetch {})",
        queues,
        consumers.concurrency(),
        consumers.prefetch());
    return container;
  }

  /**
   * The per-priority queues an earlier version left on the broker: their messages are jobs still
   * queued in Postgres, so they are consumed too until an operator deletes the emptied queues.
   */
  private static List<String> legacyQueuesPresent(AmqpAdmin admin, MessagingProperties messaging) {
    List<String> present = new ArrayList<>();
    List<String> earlier = new ArrayList<>(messaging.legacyQueues());
    if (messaging.queueType() == QueueType.QUORUM) {
      // The classic priority queue of a deployment that switched to quorum queues.
      earlier.add(messaging.queue());
    }
    for (String queue : earlier) {
      try {
        QueueInformation info = admin.getQueueInfo(queue);
        if (info != null) {
          log.warn(
              "queue {} of an earlier version still exists ({} messages): consuming it too;"
                  + " delete it once it is empty",
              queue,
              info.getMessageCount());
          present.add(queue);
        }
      } catch (AmqpException e) {
        log.warn("could not check for the earlier queue {}: {}", queue, e.getMessage());
      }
    }
    return present;
  }
}
