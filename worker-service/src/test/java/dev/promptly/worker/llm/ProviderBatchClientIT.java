package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.InProcessEmulator;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The batch client against the emulator's Files and Batches endpoints; no job flow around it. */
class ProviderBatchClientIT {
  private static final ProviderBatchProperties TIMEOUTS =
      new ProviderBatchProperties(Duration.ofSeconds(10), Duration.ofSeconds(30));

  private static InProcessEmulator emulator;
  private static ProviderBatchClient client;
  private static LlmGateway gateway;

  @BeforeAll
  static void startEmulator() {
    emulator = InProcessEmulator.start();
    ProviderEndpoint endpoint = new ProviderEndpoint("default", emulator.baseUrl(), null);
    HttpClient http = ProviderHttpClient.sharedJdkClient(Duration.ofSeconds(5));
    client =
        new ProviderBatchClient(
            endpoint, http, TIMEOUTS, Clock.systemUTC(), JsonMapper.builder().build());
    gateway = new OpenAiCompatibleGateway(endpoint, http, Clock.systemUTC());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.stop();
  }

  @BeforeEach
  void resetEmulator() {
    emulator.reset();
  }

  private static ChatRequest ask(String content) {
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(
            new ChatMessage(ChatRole.SYSTEM, "Be brief."), new ChatMessage(ChatRole.USER, content)),
        0.3,
        null,
        Duration.ofSeconds(10));
  }

  private static ProviderBatchLine line(String customId, String content) {
    return new ProviderBatchLine(customId, ask(content));
  }

  private static ProviderBatch awaitStatus(String batchId, ProviderBatchStatus status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> client.retrieve(batchId), batch -> batch.status() == status);
  }

  private static Map<String, ProviderBatchResult> download(String fileId) {
    try (Stream<ProviderBatchResult> results = client.download(fileId)) {
      return results.collect(Collectors.toMap(ProviderBatchResult::customId, Function.identity()));
    }
  }

  @Test
  void roundTripAnswersLikeTheLiveCallAndReportsTheFailedLine() {
    emulator.configure("{\"batch_fail_custom_ids\": [\"b\"]}");
    String fileId =
        client.uploadBatchFile(List.of(line("a", "Hello"), line("b", "Hi"), line("c", "Bye")));

    ProviderBatch created = client.createBatch(fileId, "file-key-1", Map.of("run", "it"));
    ProviderBatch done = awaitStatus(created.id(), ProviderBatchStatus.COMPLETED);

    assertThat(created.metadata())
        .containsEntry(ProviderBatchClient.FILE_KEY, "file-key-1")
        .containsEntry("run", "it");
    assertThat(List.of(done.total(), done.completed(), done.failed())).containsExactly(3, 2, 1);
    Map<String, ProviderBatchResult> answers = download(done.outputFile().orElseThrow());
    assertThat(answers.keySet()).containsExactlyInAnyOrder("a", "c");
    assertThat(answers.get("a").answer()).isEqualTo(gateway.complete(ask("Hello")));
    ProviderBatchResult failed = download(done.errorFile().orElseThrow()).get("b");
    assertThat(failed.isAnswered()).isFalse();
    assertThat(failed.error().status()).isEqualTo(500);
    assertThat(failed.error().toFailure()).isInstanceOf(RetryableJobException.class);
  }

  @Test
  void lineOverTheContextWindowFailsPermanentlyWithItsOwnCode() {
    emulator.configure("{\"context_window\": 64}");
    String fileId = client.uploadBatchFile(List.of(line("long", "word ".repeat(100))));

    ProviderBatch done =
        awaitStatus(
            client.createBatch(fileId, "file-key-2", Map.of()).id(), ProviderBatchStatus.COMPLETED);

    RuntimeException failure =
        download(done.errorFile().orElseThrow()).get("long").error().toFailure();
    assertThat(failure)
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.CONTEXT_LENGTH_EXCEEDED));
  }

  @Test
  void cancelStopsABatchThatHasNotFinished() {
    emulator.configure("{\"batch_never_finish\": true}");
    String fileId = client.uploadBatchFile(List.of(line("a", "Hello")));
    String batchId = client.createBatch(fileId, "file-key-3", Map.of()).id();
    awaitStatus(batchId, ProviderBatchStatus.IN_PROGRESS);

    ProviderBatch cancelling = client.cancel(batchId);

    assertThat(cancelling.status()).isEqualTo(ProviderBatchStatus.CANCELLING);
    ProviderBatch cancelled = awaitStatus(batchId, ProviderBatchStatus.CANCELLED);
    assertThat(cancelled.status().isTerminal()).isTrue();
    assertThat(cancelled.outputFile()).isEmpty();
  }

  @Test
  void batchIsFoundAgainByItsFileKey() {
    Instant before = Instant.now().minusSeconds(1);
    String fileId = client.uploadBatchFile(List.of(line("a", "Hello")));
    String mine = client.createBatch(fileId, "file-key-4", Map.of()).id();
    client.createBatch(fileId, "someone-else", Map.of());

    assertThat(client.findBatchByFileKey("file-key-4", before))
        .map(ProviderBatch::id)
        .contains(mine);
    assertThat(client.findBatchByFileKey("never-created", before)).isEmpty();
  }

  @Test
  void batchIsFoundBeyondTheFirstPageOfTheList() {
    Instant before = Instant.now().minusSeconds(1);
    String fileId = client.uploadBatchFile(List.of(line("a", "Hello")));
    String mine = client.createBatch(fileId, "file-key-5", Map.of()).id();
    for (int n = 0; n < 120; n++) {
      client.createBatch(fileId, "newer-" + n, Map.of());
    }

    assertThat(client.findBatchByFileKey("file-key-5", before))
        .map(ProviderBatch::id)
        .contains(mine);
  }

  @Test
  void unknownBatchIsPermanent() {
    assertThatThrownBy(() -> client.retrieve("batch_nope"))
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.PROVIDER_REJECTED));
  }

  @Test
  void unreachableProviderIsRetryable() {
    ProviderBatchClient nowhere =
        new ProviderBatchClient(
            new ProviderEndpoint("default", "http://127.0.0.1:1/v1", null),
            ProviderHttpClient.sharedJdkClient(Duration.ofSeconds(2)),
            TIMEOUTS,
            Clock.systemUTC(),
            JsonMapper.builder().build());

    assertThatThrownBy(() -> nowhere.retrieve("batch_x"))
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.isProviderFault()).isTrue());
  }
}
