package dev.promptly.api.events;

import dev.promptly.api.subscriptions.RedisSubscription;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventNotifications;
import dev.promptly.jobevents.JobEventsProperties;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.notifications.PostgresNotifications;
import dev.promptly.notifications.PostgresNotifier;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Wires live job events over the transport {@code promptly.events.transport} names: one
 * subscription per instance to every job's events (a Redis pattern over the jobs' channels, or
 * Postgres's one job-events channel), feeding the registry of open streams.
 *
 * <p>One subscription rather than one per watched job: it is set up once, so opening a stream never
 * waits for a SUBSCRIBE or LISTEN and cannot race one, and a thousand listeners cost nothing more
 * on the server's side. The price is that every instance receives every job's events; those of jobs
 * nobody watches here are dropped after a map lookup, unparsed, and deltas exist only for watched
 * jobs (workers stream when-watched by default).
 */
@Configuration(proxyBeanMethods = false)
class JobEventsConfiguration {

  /** The instance's streams, fed with each job's events as the transport delivers them. */
  @Bean
  JobEventListeners jobEventListeners(
      JobRepository jobs,
      MeterRegistry meters,
      JobEventsProperties transport,
      RedisSubscription subscription,
      PostgresNotifications notifications,
      JobEventChannels channels) {
    JobEventListeners listeners = new JobEventListeners(jobs);
    switch (transport.transport()) {
      case REDIS ->
          subscription.listen(
              (message, pattern) ->
                  channels
                      .jobOf(new String(message.getChannel(), StandardCharsets.UTF_8))
                      .ifPresent(
                          jobId ->
                              listeners.deliver(
                                  jobId, new String(message.getBody(), StandardCharsets.UTF_8))),
              new PatternTopic(channels.allJobs()));
      case POSTGRES ->
          notifications.subscribe(JobEventNotifications.EVENTS, new NotifiedEvents(listeners));
    }
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
      JobEventsProperties transport,
      StringRedisTemplate redis,
      JobEventChannels channels,
      PostgresNotifier notifier,
      JobEventListeners listeners,
      EventsProperties properties) {
    WatchMarks.Sender sender =
        switch (transport.transport()) {
          case REDIS ->
              jobIds ->
                  jobIds.forEach(
                      jobId ->
                          redis
                              .opsForValue()
                              .set(channels.watchKeyOf(jobId), "1", properties.watchTtl()));
          case POSTGRES ->
              jobIds -> notifier.send(JobEventNotifications.WATCHES, List.copyOf(jobIds));
        };
    return new WatchMarks(sender, listeners, properties);
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
