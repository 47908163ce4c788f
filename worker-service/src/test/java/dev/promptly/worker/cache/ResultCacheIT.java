package dev.promptly.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultCacheIT extends WorkerIntegrationTest {

  @Test
  void aRepeatedDeterministicChatIsAnsweredFromTheCacheAtNoCost() {
    ChatInput input = chat(0.0);
    TestJob first = aQueuedJob().withInput(input).insert();
    publish(first);
    awaitStatus(first, JobStatus.SUCCEEDED);
    TestJob second = aQueuedJob().withInput(input).insert();

    publish(second);

    assertThat(awaitStatus(second, JobStatus.SUCCEEDED).cached()).isTrue();
    assertThat(job(first).cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(1);
    assertThat(
            meters.counter("promptly.cache.lookups", "model", "default", "outcome", "hit").count())
        .isPositive();
    assertThat(job(second).resultJson()).isEqualTo(job(first).resultJson());
    assertThat(
            count(
                "SELECT count(*) FROM usage_ledger WHERE job_id = ? AND cached AND cost_micros = 0",
                second.id()))
        .isEqualTo(1);
  }

  @Test
  void aChatThatSamplesIsNeverCached() {
    ChatInput input = chat(0.7);
    TestJob first = aQueuedJob().withInput(input).insert();
    publish(first);
    awaitStatus(first, JobStatus.SUCCEEDED);
    TestJob second = aQueuedJob().withInput(input).insert();

    publish(second);

    assertThat(awaitStatus(second, JobStatus.SUCCEEDED).cached()).isFalse();
    assertThat(EMULATOR.requests()).isEqualTo(2);
  }

  private static ChatInput chat(double temperature) {
    return new ChatInput(
        List.of(new ChatMessage(ChatRole.USER, "Repeat after me: " + UUID.randomUUID())),
        temperature,
        50);
  }
}
