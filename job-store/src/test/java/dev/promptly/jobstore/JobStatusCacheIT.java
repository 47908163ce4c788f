package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.JobStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class JobStatusCacheIT extends JobStoreIT {
  @Autowired JobStatusCache cache;
  @Autowired JobRepository repository;

  @Test
  void cachedJobReadsBackUnchanged() {
    JobRecord job = repository.find(jobs().aJob(jobs().aTenant(), "queued")).orElseThrow();

    cache.put(job);

    assertThat(cache.get(job.id())).contains(job);
  }

  @Test
  void evictedJobIsAMiss() {
    JobRecord job = repository.find(jobs().aJob(jobs().aTenant(), "queued")).orElseThrow();
    cache.put(job);

    cache.evict(job.id());

    assertThat(cache.get(job.id())).isEmpty();
  }

  @Test
  void unreachableRedisMakesReadsMissAndWritesHarmless() throws IOException {
    JobRecord job = repository.find(jobs().aJob(jobs().aTenant(), "queued")).orElseThrow();
    JedisConnectionFactory dead =
        new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort()));
    dead.afterPropertiesSet();
    dead.start();
    JobStatusCache offline =
        new JobStatusCache(
            new StringRedisTemplate(dead),
            new RedisProperties("x:", Duration.ofHours(1), Duration.ofSeconds(5)));

    offline.put(job);

    assertThat(offline.get(job.id())).isEmpty();
    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    dead.destroy();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
