package dev.promptly.api.events;

import dev.promptly.api.subscriptions.RedisSubscription;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobstore.JobRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
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

  /** The instance's streams, fed with each job's events as Redis delivers them. */
  @Bean
  JobEventListeners jobEventListeners(
      JobRepository jobs,
      MeterRegistry meters,
      RedisSubscription subscription,
      JobEventChannels channels) {
    JobEventListeners listeners = new JobEventListeners(jobs);
    subscription.listen(
        (message, pattern) ->
            channels
                .jobOf(new String(message.getChannel(), StandardCharsets.UTF_8))
                .ifPresent(
                    jobId ->
                        listeners.deliver(
                            jobId, new String(message.getBody(), StandardCharsets.UTF_8))),
        new PatternTopic(channels.allJobs()));
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
