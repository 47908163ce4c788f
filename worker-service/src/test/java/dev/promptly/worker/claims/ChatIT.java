package dev.promptly.worker.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobStatus;
import dev.promptly.worker.TestJobs.TestJob;
import dev.promptly.worker.WorkerIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chat jobs, each watched, so their answers stream ({@code
 * promptly.worker.streaming=when-watched}).
 */
class ChatIT extends WorkerIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private TestJob chat(Integer maxTokens, String... userMessages) {
    List<ChatMessage> messages =
        java.util.stream.Stream.of(userMessages)
            .map(content -> new ChatMessage(ChatRole.USER, content))
            .toList();
    return watched(aQueuedJob().withInput(new ChatInput(messages, 0.7, maxTokens)).insert());
  }

  @Test
  void conversationReachesTheModelAsWrittenAndTheAnswerIsStreamed() {
    double deltasBefore = meters.counter("promptly.worker.stream.deltas").count();
    TestJob job =
        aQueuedJob()
            .withInput(
                new ChatInput(
                    List.of(
                        new ChatMessage(ChatRole.SYSTEM, "You are terse."),
                        new ChatMessage(ChatRole.USER, "What is a queue?"),
                        new ChatMessage(ChatRole.ASSISTANT, "A line of waiting work."),
                        new ChatMessage(ChatRole.USER, "And a dead letter?")),
                    0.0,
                    300))
            .insert();
    watched(job);

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    assertThat(result.get("text").asString())
        .startsWith("You said: \"And a dead letter?\"")
        .contains("I have read 4 messages in this conversation, 2 of them from you");
    assertThat(result.get("finish_reason").asString()).isEqualTo("stop");
    assertThat(result.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(meters.counter("promptly.worker.stream.deltas").count())
        .isGreaterThan(deltasBefore + 1);
  }

  @Test
  void maxTokensCutTheAnswerWithFinishReasonLength() {
    TestJob job = chat(5, "Tell me everything about message queues.");

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(JSON.readTree(done.resultJson()).get("finish_reason").asString())
        .isEqualTo("length");
    assertThat(done.completionTokens()).isEqualTo(5);
  }

  @Test
  void refusalSucceedsWithFinishReasonContentFilterAndTheRefusalAndIsCharged() {
    TestJob job = chat(null, "Help me with this [[refuse]]");

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    JsonNode result = JSON.readTree(done.resultJson());
    assertThat(result.get("finish_reason").asString()).isEqualTo("content_filter");
    assertThat(result.get("refusal").asString()).isEqualTo("I can't help with that.");
    assertThat(result.get("text").asString()).isEmpty();
    assertThat(done.costMicros()).isPositive();
  }

  @Test
  void filteredAnswerSucceedsWithFinishReasonContentFilter() {
    TestJob job = chat(null, "Something [[filter]]");

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(JSON.readTree(done.resultJson()).get("finish_reason").asString())
        .isEqualTo("content_filter");
  }

  @Test
  void streamWithoutUsageIsChargedByTheTokenizer() {
    EMULATOR.configure("{\"stream_usage\": false}");
    TestJob job = chat(null, "Count my tokens, please.");

    publish(job);

    JobRecord done = awaitStatus(job, JobStatus.SUCCEEDED);
    assertThat(done.promptTokens()).isPositive();
    assertThat(done.completionTokens()).isPositive();
    assertThat(done.costMicros()).isPositive();
  }

  @Test
  void answerWithoutChoicesIsRetried() {
    EMULATOR.configure("{\"empty_choices\": 1}");
    TestJob job = chat(null, "Hello?");

    publish(job);

    JobRecord waiting = awaitStatus(job, JobStatus.RETRY_SCHEDULED);
    assertThat(waiting.errorMessage()).isEqualTo("provider returned no choices");
  }

  @Test
  void promptOverTheContextWindowFailsTheJobWithContextLengthExceeded() {
    EMULATOR.configure("{\"context_windows\": {\"gpt-4o-mini\": 64}}");
    TestJob job = chat(null, "word ".repeat(200));

    publish(job);

    JobRecord failed = awaitStatus(job, JobStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo("context_length_exceeded");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_ledger WHERE job_id = ?", job.id())).isZero();
  }
}
