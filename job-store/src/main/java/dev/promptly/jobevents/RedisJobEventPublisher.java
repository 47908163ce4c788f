package dev.promptly.jobevents;

import dev.promptly.jobstore.RedisScripts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Publishes each job's live events on its Redis channel ({@code promptly.events.transport=redis}).
 */
public class RedisJobEventPublisher implements JobEventPublisher {
  private static final Logger log = LoggerFactory.getLogger(RedisJobEventPublisher.class);
  private static final RedisScript<Long> PUBLISH_ALL =
      RedisScripts.fromClasspath("dev/promptly/jobevents/publish-all.lua", Long.class);

  private final StringRedisTemplate redis;
  private final JobEventChannels channels;
  private final Counter failures;

  public RedisJobEventPublisher(
      StringRedisTemplate redis, JobEventChannels channels, MeterRegistry meters) {
    this.redis = redis;
    this.channels = channels;
    this.failures =
        Counter.builder("promptly.job.events.publish.failures")
            .description("Live job events that could not be published to Redis")
            .register(meters);
  }

  @Override
  public boolean publish(String jobId, JobEvent event) {
    try {
      redis.convertAndSend(channels.channelOf(jobId), JobEventCodec.encode(event));
      return true;
    } catch (RuntimeException e) {
      failures.increment();
      log.debug("live event for {} not published: {}", jobId, e.getMessage());
      return false;
    }
  }

  /** In one round trip: a script, since Jedis cannot pipeline PUBLISH. */
  @Override
  public void publishAll(List<Addressed> events) {
    if (events.isEmpty()) {
      return;
    }
    List<String> channelsOfEvents = new ArrayList<>(events.size());
    Object[] messages = new Object[events.size()];
    for (int i = 0; i < events.size(); i++) {
      channelsOfEvents.add(channels.channelOf(events.get(i).jobId()));
      messages[i] = JobEventCodec.encode(events.get(i).event());
    }
    try {
      redis.execute(PUBLISH_ALL, channelsOfEvents, messages);
    } catch (RuntimeException e) {
      failures.increment(events.size());
      log.debug("{} live events not published: {}", events.size(), e.getMessage());
    }
  }
}
