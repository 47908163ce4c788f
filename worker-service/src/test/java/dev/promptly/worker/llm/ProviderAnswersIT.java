package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.worker.InProcessEmulator;
import dev.promptly.worker.failures.RetryableJobException;
import dev.promptly.worker.llm.ProviderLimits.Quota;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every provider answer, whole, streamed or refused, reaches the listener with the rate limits its
 * headers stated, read off the emulator's real responses.
 */
class ProviderAnswersIT {
  private static final List<ProviderAnswer> heard = new CopyOnWriteArrayList<>();
  private static InProcessEmulator emulator;
  private static LlmGateway gateway;

  @BeforeAll
  static void startEmulator() {
    emulator = InProcessEmulator.start();
    gateway =
        new OpenAiCompatibleGateway(
            new ProviderEndpoint("emulated", emulator.baseUrl(), null),
            ProviderHttpClient.sharedJdkClient(Duration.ofSeconds(5)),
            Clock.systemUTC(),
            heard::add);
  }

  @AfterAll
  static void stopEmulator() {
    emulator.stop();
  }

  @BeforeEach
  void resetEmulator() {
    emulator.reset();
    heard.clear();
  }

  @Test
  void aWholeAnswerCarriesBothQuotas() {
    emulator.configure("{\"rpm_limit\": 5, \"tpm_limit\": 100000}");

    gateway.complete(ask());

    assertThat(heard)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.provider()).isEqualTo("emulated");
              assertThat(answer.model()).isEqualTo("gpt-4o-mini");
              assertThat(answer.status()).isEqualTo(200);
              assertThat(answer.limits().requests().limit()).isEqualTo(5);
              assertThat(answer.limits().requests().remaining()).isEqualTo(4);
              assertThat(answer.limits().requests().reset()).isPositive();
              assertThat(answer.limits().tokens().limit()).isEqualTo(100_000);
              assertThat(answer.limits().tokens().remaining()).isLessThan(100_000);
            });
  }

  @Test
  void aStreamedAnswerCarriesItsQuotas() {
    emulator.configure("{\"rpm_limit\": 5}");

    gateway.stream(ask(), delta -> {});

    assertThat(heard)
        .singleElement()
        .satisfies(answer -> assertThat(answer.limits().requests().remaining()).isEqualTo(4));
  }

  @Test
  void a429CarriesNothingLeftAndIsMarkedRateLimited() {
    emulator.configure("{\"rpm_limit\": 1}");
    gateway.complete(ask());

    assertThatThrownBy(() -> gateway.complete(ask())).isInstanceOf(RetryableJobException.class);

    assertThat(heard).hasSize(2);
    ProviderAnswer refused = heard.get(1);
    assertThat(refused.rateLimited()).isTrue();
    assertThat(refused.limits().requests())
        .satisfies(quota -> assertThat(quota.remaining()).isZero())
        .extracting(Quota::reset)
        .satisfies(reset -> assertThat(reset).isGreaterThan(Duration.ofSeconds(50)));
  }

  @Test
  void withoutLimitsTheAnswerSaysNothing() {
    gateway.complete(ask());

    assertThat(heard)
        .singleElement()
        .satisfies(answer -> assertThat(answer.limits().isEmpty()).isTrue());
  }

  private static ChatRequest ask() {
    return new ChatRequest(
        "gpt-4o-mini",
        List.of(new ChatMessage(ChatRole.USER, "Hello there")),
        0.0,
        20,
        Duration.ofSeconds(10));
  }
}
