package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventChannels;
import dev.promptly.jobevents.JobEventCodec;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobevents.RedisJobEventPublisher;
import dev.promptly.model.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

class JobEventPublisherIT extends JobStoreIT {
  private static final Duration QUIET = Duration.ofMillis(400);

  @Autowired JobRepository repository;
  @Autowired JobEventChannels channels;
  @Autowired RedisConnectionFactory redis;
  @Autowired TransactionTemplate transactions;
  @Autowired JobStatusCache cache;

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private RedisMessageListenerContainer subscription;

  @BeforeEach
  void subscribeToEveryJob() {
    subscription = new RedisMessageListenerContainer();
    subscription.setConnectionFactory(redis);
    // The default executor hands each message to a new thread, which reorders them.
    subscription.setTaskExecutor(Runnable::run);
    // Blocks for as long as it is subscribed; without its own executor it would use the one above.
    subscription.setSubscriptionExecutor(task -> Thread.ofVirtual().start(task));
    subscription.addMessageListener(
        (message, pattern) ->
            received.add(
                new String(message.getChannel(), StandardCharsets.UTF_8)
                    + " "
                    + new String(message.getBody(), StandardCharsets.UTF_8)),
        new PatternTopic(channels.allJobs()));
    subscription.afterPropertiesSet();
    subscription.start();
  }

  @AfterEach
  void unsubscribe() throws Exception {
    subscription.destroy();
  }

  @Test
  void transitionOutsideATransactionIsAnnouncedAtOnceOnTheJobsChannel() throws Exception {
    String job = jobs().aJob(jobs().aTenant(), "queued");

    repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);

    assertThat(received.poll(5, TimeUnit.SECONDS))
        .isEqualTo(channels.channelOf(job) + " {\"type\":\"status\",\"status\":\"running\"}");
  }

  @Test
  void transitionInATransactionIsAnnouncedOnlyAfterCommit() throws Exception {
    String job = jobs().aJob(jobs().aTenant(), "queued");

    transactions.executeWithoutResult(
        status -> {
          repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);
          await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(received::isEmpty);
        });

    assertThat(received.poll(5, TimeUnit.SECONDS)).contains("\"running\"");
  }

  @Test
  void transitionsOfOneTransactionAreAnnouncedTogetherInOrderWithTheCacheWrittenFirst()
      throws Exception {
    String tenant = jobs().aTenant();
    List<String> moved =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> jobs().aJob(tenant, "queued"))
            .toList();
    List<String> cachedWhenAnnounced = new java.util.concurrent.CopyOnWriteArrayList<>();
    subscription.addMessageListener(
        (message, pattern) -> {
          String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
          String job = channel.substring(channel.lastIndexOf(':') + 1);
          cache.get(job).ifPresent(cached -> cachedWhenAnnounced.add(cached.status().wireName()));
        },
        new PatternTopic(channels.allJobs()));

    transactions.executeWithoutResult(
        status ->
            moved.forEach(
                job ->
                    repository.transition(
                        job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null)));

    List<String> announced = new ArrayList<>();
    for (int i = 0; i < moved.size(); i++) {
      announced.add(received.poll(5, TimeUnit.SECONDS));
    }
    assertThat(announced)
        .containsExactlyElementsOf(
            moved.stream()
                .map(
                    job ->
                        channels.channelOf(job) + " {\"type\":\"status\",\"status\":\"running\"}")
                .toList());
    await().atMost(Duration.ofSeconds(5)).until(() -> cachedWhenAnnounced.size() == moved.size());
    assertThat(cachedWhenAnnounced).containsOnly("running");
  }

  @Test
  void rolledBackTransitionIsNeverAnnounced() {
    String job = jobs().aJob(jobs().aTenant(), "queued");

    transactions.executeWithoutResult(
        status -> {
          repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);
          status.setRollbackOnly();
        });

    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(received::isEmpty);
  }

  @Test
  void transitionThatLostItsRaceIsNotAnnounced() {
    String job = jobs().aJob(jobs().aTenant(), "cancelled");

    repository.transition(job, JobStatus.QUEUED, JobStatus.RUNNING, JobChanges.none(), null);

    await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(received::isEmpty);
  }

  @Test
  void deltasArriveInTheOrderTheyWerePublished() throws Exception {
    String job = jobs().aJob(jobs().aTenant(), "running");
    JobEventPublisher publisher =
        new RedisJobEventPublisher(
            new StringRedisTemplate(redis), channels, new SimpleMeterRegistry());

    for (int seq = 1; seq <= 50; seq++) {
      publisher.publish(job, new JobEvent.Delta(1, seq, "t" + seq, 0));
    }

    for (int seq = 1; seq <= 50; seq++) {
      String message = received.poll(5, TimeUnit.SECONDS);
      assertThat(message).isNotNull();
      JobEvent event = JobEventCodec.decode(message.substring(message.indexOf(' ') + 1)).get();
      assertThat(event).isEqualTo(new JobEvent.Delta(1, seq, "t" + seq, 0));
    }
  }

  @Test
  void unreachableRedisIsCountedAndNeverThrown() throws IOException {
    JedisConnectionFactory dead =
        new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", closedPort()));
    dead.afterPropertiesSet();
    dead.start();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    JobEventPublisher offline =
        new RedisJobEventPublisher(new StringRedisTemplate(dead), channels, meters);

    boolean published = offline.publish("job_x", new JobEvent.StatusChanged(JobStatus.RUNNING));
    offline.publish("job_x", new JobEvent.StatusChanged(JobStatus.SUCCEEDED));

    assertThat(published).isFalse();
    assertThat(meters.counter("promptly.job.events.publish.failures").count()).isEqualTo(2);
    dead.destroy();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
