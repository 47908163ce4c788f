package dev.promptly.api.events;

import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobstore.JobRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Wires live job events: one Redis subscription per instance, a pattern over every job's channel,
 * feeding the registry of open streams.
 *
 * <p>One pattern subscription rather than a channel per watched job: it is set up once, so opening
 * a stream never waits for a SUBSCRIBE and cannot race one, and a thousand listeners cost nothing
 * more on the Redis side. The price is that every instance receives every job's events; those of
 * jobs nobody watches here are dropped after a map lookup, unparsed, and deltas exist only for
 * watched jobs (workers stream when-watched by default).
 */
@Configuration(proxyBeanMethods = false)
class JobEventsConfiguration {

  @Bean
  JobEventListeners jobEventListeners(JobRepository jobs, MeterRegistry meters) {
    JobEventListeners listeners = new JobEventListeners(jobs);
    Gauge.builder("promptly.sse.listeners", listeners, JobEventListeners::size)
        .description("Open job event streams on this instance")
        .register(meters);
    return listeners;
  }

  @Bean
  SentEvents sentEvents(MeterRegistry meters) {
    return new SentEvents(meters);
  }

  @Bean
  JobEventSubscription jobEventSubscription(
      RedisConnectionFactory redis, JobEventChannels channels, JobEventListeners listeners) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setConnectionFactory(redis);
    // Messages are handed on in the order Redis delivers them, on the subscription's thread (the
    // default executor would start a thread per message, reordering deltas).
    container.setTaskExecutor(Runnable::run);
    container.setSubscriptionExecutor(task -> Thread.ofVirtual().name("job-events").start(task));
    container.addMessageListener(
        (message, pattern) ->
            channels
                .jobOf(new String(message.getChannel(), StandardCharsets.UTF_8))
                .ifPresent(
                    jobId ->
                        listeners.deliver(
                            jobId, new String(message.getBody(), StandardCharsets.UTF_8))),
        new PatternTopic(channels.allJobs()));
    // Not a bean of its own: started by JobEventSubscription, which does not let a Redis outage
    // stop the API from starting.
    container.afterPropertiesSet();
    return new JobEventSubscription(container);
  }

  @Bean
  WatchMarks watchMarks(
      StringRedisTemplate redis,
      JobEventChannels channels,
      JobEventListeners listeners,
      EventsProperties properties) {
    return new WatchMarks(redis, channels, listeners, properties);
  }

  @Bean(destroyMethod = "close")
  SimpleAsyncTaskScheduler watchMarkScheduler(WatchMarks marks) {
    SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
    scheduler.setVirtualThreads(true);
    scheduler.setThreadNamePrefix("watch-marks-");
    scheduler.scheduleWithFixedDelay(marks::refresh, marks.refreshInterval());
    return scheduler;
  }
}
