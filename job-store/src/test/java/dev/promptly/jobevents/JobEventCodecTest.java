package dev.promptly.jobevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobEventCodecTest {

  @Test
  void eventsReadBackUnchanged() {
    List<JobEvent> events =
        List.of(
            new JobEvent.StatusChanged(JobStatus.RETRY_SCHEDULED),
            new JobEvent.Delta(2, 17, "héllo \"world\"\n", 1_700_000_000_000_000L));

    for (JobEvent event : events) {
      assertThat(JobEventCodec.decode(JobEventCodec.encode(event))).contains(event);
    }
  }

  @Test
  void messagesThisVersionDoesNotKnowDecodeToNothing() {
    for (String message :
        List.of("", "not json", "{\"type\":\"x\"}", "{\"type\":\"delta\"}", "{\"type\":1}")) {
      assertThat(JobEventCodec.decode(message)).as(message).isEmpty();
    }
  }

  @Test
  void aDeltaOfALaterAttemptComesAfterAnyOfAnEarlierOne() {
    JobEvent.Delta first = new JobEvent.Delta(1, 900, "a", 0);
    JobEvent.Delta retried = new JobEvent.Delta(2, 1, "b", 0);

    assertThat(retried.isAfter(first)).isTrue();
    assertThat(first.isAfter(retried)).isFalse();
    assertThat(first.isAfter(first)).isFalse();
  }

  @Test
  void channelsAreNamedByJobUnderTheKeyPrefix() {
    JobEventChannels channels =
        new JobEventChannels(
            new dev.promptly.jobstore.RedisProperties(
                "p:", java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(5)));

    assertThat(channels.channelOf("job_1")).isEqualTo("p:job-events:job_1");
    assertThat(channels.jobOf("p:job-events:job_1")).contains("job_1");
    assertThat(channels.jobOf("q:job-events:job_1")).isEmpty();
    assertThat(channels.watchKeyOf("job_1")).isEqualTo("p:job-watchers:job_1");
  }
}
