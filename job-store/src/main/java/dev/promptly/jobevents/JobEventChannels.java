package dev.promptly.jobevents;

import dev.promptly.jobstore.RedisProperties;
import java.util.Optional;

/**
 * The Redis names of live job events: one pub/sub channel per job, and the key that says someone is
 * watching a job (so workers stream its answer). All start with {@code promptly.redis.key-prefix}.
 */
public final class JobEventChannels {
  private final String channelPrefix;
  private final String watchPrefix;

  public JobEventChannels(RedisProperties properties) {
    this.channelPrefix = properties.keyPrefix() + "job-events:";
    this.watchPrefix = properties.keyPrefix() + "job-watchers:";
  }

  /** The channel a job's events are published on. */
  public String channelOf(String jobId) {
    return channelPrefix + jobId;
  }

  /** A pattern matching every job's channel. */
  public String allJobs() {
    return channelPrefix + "*";
  }

  /** The job a channel belongs to, or empty for a channel that is not a job's. */
  public Optional<String> jobOf(String channel) {
    return channel.startsWith(channelPrefix) && channel.length() > channelPrefix.length()
        ? Optional.of(channel.substring(channelPrefix.length()))
        : Optional.empty();
  }

  /** The key that exists while a listener watches the job. */
  public String watchKeyOf(String jobId) {
    return watchPrefix + jobId;
  }
}
