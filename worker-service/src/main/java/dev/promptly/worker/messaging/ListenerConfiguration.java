package dev.promptly.worker.messaging;

import dev.promptly.dispatch.MessagingProperties;
import dev.promptly.model.Priority;
import dev.promptly.worker.claims.JobRunner;
import dev.promptly.worker.schema.SchemaCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * One listener container per priority queue. Each consumer runs on its own virtual thread and holds
 * at most {@code prefetch} messages, so hundreds of jobs can wait on the model at once without
 * platform threads, and waiting work stays on the broker for other workers.
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

  // Each container takes the schema check as a parameter: no message is consumed before it passed.

  @Bean
  SimpleMessageListenerContainer highPriorityJobs(
      ConnectionFactory connectionFactory,
      JobListener listener,
      ConsumerProperties consumers,
      MessagingProperties messaging,
      SchemaCheck schemaCheck) {
    return container(Priority.HIGH, connectionFactory, listener, consumers, messaging);
  }

  @Bean
  SimpleMessageListenerContainer normalPriorityJobs(
      ConnectionFactory connectionFactory,
      JobListener listener,
      ConsumerProperties consumers,
      MessagingProperties messaging,
      SchemaCheck schemaCheck) {
    return container(Priority.NORMAL, connectionFactory, listener, consumers, messaging);
  }

  @Bean
  SimpleMessageListenerContainer lowPriorityJobs(
      ConnectionFactory connectionFactory,
      JobListener listener,
      ConsumerProperties consumers,
      MessagingProperties messaging,
      SchemaCheck schemaCheck) {
    return container(Priority.LOW, connectionFactory, listener, consumers, messaging);
  }

  private static SimpleMessageListenerContainer container(
      Priority priority,
      ConnectionFactory connectionFactory,
      JobListener listener,
      ConsumerProperties consumers,
      MessagingProperties messaging) {
    String queue = messaging.queueFor(priority.wireName());
    int count = consumers.consumersFor(priority);
    SimpleAsyncTaskExecutor executor =
        new SimpleAsyncTaskExecutor("jobs-" + priority.wireName() + "-");
    executor.setVirtualThreads(true);
    SimpleMessageListenerContainer container =
        new SimpleMessageListenerContainer(connectionFactory);
    container.setQueueNames(queue);
    container.setMessageListener(listener);
    container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    container.setPrefetchCount(consumers.prefetch());
    container.setConcurrentConsumers(count);
    container.setTaskExecutor(executor);
    // On shutdown, in-flight jobs get this long; then channels close and the broker hands their
    // unacked messages to other workers.
    container.setShutdownTimeout(consumers.shutdownGrace().toMillis());
    container.setDefaultRequeueRejected(false);
    // A consume span per message, a child of the traceparent header, so the job's trace goes on
    // here; its ids reach the MDC of every log line of the job.
    container.setObservationEnabled(true);
    container.setAutoStartup(true);
    log.info("consuming {} with {} consumers (prefetch {})", queue, count, consumers.prefetch());
    return container;
  }
}
