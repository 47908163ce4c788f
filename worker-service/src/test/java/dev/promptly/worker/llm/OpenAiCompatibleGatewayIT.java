package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.InProcessEmulator;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against the emulator, answer by answer, whole and streamed; no job flow around it.
 */
class OpenAiCompatibleGatewayIT {
  private static InProcessEmulator emulator;
  private static LlmGateway gateway;

  @BeforeAll
  static void startEmulator() {
    emulator = InProcessEmulator.start();
    gateway =
        new OpenAiCompatibleGateway(
            new ProviderEndpoint("default", emulator.baseUrl(), null),
            ProviderHttpClient.sharedJdkClient(Duration.ofSeconds(5)),
            Clock.systemUTC());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.stop();
  }

  @BeforeEach
  void resetEmulator() {
    emulator.reset();
  }

  private static ChatRequest ask(String content, Integer maxTokens) {
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(
            new ChatMessage(ChatRole.SYSTEM, "Be brief."), new ChatMessage(ChatRole.USER, content)),
        0.3,
        maxTokens,
        Duration.ofSeconds(10));
  }

  @Test
  void wholeAnswerReportsTextFinishReasonAndUsage() {
    ChatCompletion answer = gateway.complete(ask("Hello there", null));

    assertThat(answer.text()).startsWith("You said: \"Hello there\"");
    assertThat(answer.finishReason()).isEqualTo("stop");
    assertThat(answer.promptTokens()).isPositive();
    assertThat(answer.completionTokens()).isPositive();
    assertThat(answer.isRefusal()).isFalse();
  }

  @Test
  void streamedDeltasMakeUpTheWholeAnswer() {
    List<String> deltas = new CopyOnWriteArrayList<>();

    ChatCompletion answer = gateway.stream(ask("Hello there", null), deltas::add);

    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(String.join("", deltas)).isEqualTo(answer.text());
    assertThat(answer).isEqualTo(gateway.complete(ask("Hello there", null)));
  }

  @Test
  void refusalIsAnAnswerWithContentFilterWholeOrStreamed() {
    ChatCompletion whole = gateway.complete(ask("Do it [[refuse]]", null));
    ChatCompletion streamed = gateway.stream(ask("Do it [[refuse]]", null), delta -> {});

    for (ChatCompletion answer : List.of(whole, streamed)) {
      assertThat(answer.refusal()).isEqualTo("I can't help with that.");
      assertThat(answer.finishReason()).isEqualTo("content_filter");
      assertThat(answer.text()).isEmpty();
      assertThat(answer.completionTokens()).isPositive();
    }
  }

  @Test
  void answerWithoutChoicesIsRetryableWholeOrStreamed() {
    emulator.configure("{\"empty_choices\": 2}");

    assertThatThrownBy(() -> gateway.complete(ask("Hi", null)))
        .isInstanceOf(RetryableJobException.class);
    assertThatThrownBy(() -> gateway.stream(ask("Hi", null), delta -> {}))
        .isInstanceOf(RetryableJobException.class)
        .hasMessage("provider returned no choices");
  }

  @Test
  void streamWithoutUsageIsEstimatedWithTheTokenizer() {
    emulator.configure("{\"stream_usage\": false}");

    ChatCompletion answer = gateway.stream(ask("Hello there", null), delta -> {});

    assertThat(answer.promptTokens()).isPositive();
    assertThat(answer.completionTokens()).isEqualTo(new TokenEstimator().textTokens(answer.text()));
  }

  @Test
  void contextOverflowIsPermanentWithItsOwnCodeWholeOrStreamed() {
    emulator.configure("{\"context_window\": 64}");
    ChatRequest tooLong = ask("word ".repeat(100), null);

    assertThatThrownBy(() -> gateway.complete(tooLong))
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.CONTEXT_LENGTH_EXCEEDED));
    assertThatThrownBy(() -> gateway.stream(tooLong, delta -> {}))
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.CONTEXT_LENGTH_EXCEEDED));
  }

  @Test
  void maxTokensCutTheAnswerWithFinishReasonLength() {
    ChatCompletion answer = gateway.complete(ask("Tell me a long story", 4));

    assertThat(answer.finishReason()).isEqualTo("length");
    assertThat(answer.completionTokens()).isEqualTo(4);
  }
}
