package dev.promptly.worker.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventCodec;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * In the default mode ({@code when-watched}) an answer streams, delta by delta, to the job's
 * channel only while the API has marked the job as watched.
 */
class LiveAnswersIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired RedisConnectionFactory connections;

  private final List<JobEvent> received = new CopyOnWriteArrayList<>();
  private RedisMessageListenerContainer subscription;

  @AfterEach
  void unsubscribe() throws Exception {
    if (subscription != null) {
      subscription.destroy();
    }
  }

  @Test
  void watchedChatStreamsItsAnswerInOrderOnTheJobsChannel() {
    TestJob job = watched(aChat());
    listenTo(job);
    double deltasBefore = deltasCounted();

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    List<JobEvent.Delta> deltas = deltas();
    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(deltas).allSatisfy(delta -> assertThat(delta.attempt()).isEqualTo(1));
    assertThat(deltas).isSortedAccordingTo(java.util.Comparator.comparingLong(JobEvent.Delta::seq));
    assertThat(String.join("", deltas.stream().map(JobEvent.Delta::text).toList()))
        .isEqualTo(textOf(done));
    assertThat(deltasCounted() - deltasBefore).isEqualTo(deltas.size());
    assertThat(received.getFirst()).isEqualTo(new JobEvent.StatusChanged(JobStatus.RUNNING));
    assertThat(received.getLast()).isEqualTo(new JobEvent.StatusChanged(JobStatus.SUCCEEDED));
  }

  @Test
  void unwatchedChatIsAnsweredWholeAndPublishesOnlyItsStatuses() {
    TestJob job = aChat();
    listenTo(job);
    double deltasBefore = deltasCounted();

    publish(job);

    awaitStatus(job, JobStatus.SUCCEEDED);
    org.awaitility.Awaitility.await()
        .until(() -> received.contains(new JobEvent.StatusChanged(JobStatus.SUCCEEDED)));
    assertThat(deltas()).isEmpty();
    assertThat(deltasCounted()).isEqualTo(deltasBefore);
  }

  @Test
  void watchedSummaryStreamsItsAnswerToo() {
    TestJob job = watched(aQueuedJob().withKind(JobKind.SUMMARIZE).insert());
    listenTo(job);

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    org.awaitility.Awaitility.await()
        .until(() -> received.contains(new JobEvent.StatusChanged(JobStatus.SUCCEEDED)));
    assertThat(String.join("", deltas().stream().map(JobEvent.Delta::text).toList()))
        .isNotEmpty()
        .isEqualTo(textOf(done));
  }

  private TestJob aChat() {
    return aQueuedJob()
        .withInput(
            new ChatInput(
                List.of(new ChatMessage(ChatRole.USER, "Tell me about queues.")), 0.7, 60))
        .insert();
  }

  private void listenTo(TestJob job) {
    subscription = new RedisMessageListenerContainer();
    subscription.setConnectionFactory(connections);
    // In the order Redis delivers them: the default executor would use a thread per message.
    subscription.setTaskExecutor(Runnable::run);
    // Blocks for as long as it is subscribed; without its own executor it would use the one above.
    subscription.setSubscriptionExecutor(task -> Thread.ofVirtual().start(task));
    subscription.addMessageListener(
        (message, pattern) ->
            JobEventCodec.decode(new String(message.getBody(), StandardCharsets.UTF_8))
                .ifPresent(received::add),
        new ChannelTopic(channels.channelOf(job.id())));
    subscription.afterPropertiesSet();
    subscription.start();
  }

  private List<JobEvent.Delta> deltas() {
    return received.stream()
        .filter(JobEvent.Delta.class::isInstance)
        .map(JobEvent.Delta.class::cast)
        .toList();
  }

  private double deltasCounted() {
    return meters.counter("promptly.worker.stream.deltas").count();
  }

  private static String textOf(JobRecord job) {
    return JSON.readTree(job.resultJson()).get("text").asString();
  }
}
