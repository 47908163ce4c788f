package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.promptly.emulator.EmulatorServerTest;
import org.junit.jupiter.api.Test;

/** The scripted failures reach langchain4j as the exception types the worker classifies. */
class LangChain4jFaultTest extends EmulatorServerTest {

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl() + "/v1")
        .apiKey("test")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .build();
  }

  @Test
  void outageSurfacesAsInternalServerException() {
    configure("{\"outage\": true}");

    assertThatThrownBy(() -> model().chat("Hello"))
        .isInstanceOf(InternalServerException.class)
        .cause()
        .isInstanceOfSatisfying(
            HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
  }

  @Test
  void requestsBeyondTheRpmLimitSurfaceAsRateLimitException() {
    configure("{\"rpm_limit\": 1}");
    model().chat("first");

    assertThatThrownBy(() -> model().chat("second")).isInstanceOf(RateLimitException.class);
  }

  @Test
  void injectedErrorsUseTheConfiguredStatus() {
    configure("{\"error_rate\": 1.0, \"error_status\": 429}");

    assertThatThrownBy(() -> model().chat("Hello")).isInstanceOf(RateLimitException.class);
  }

  @Test
  void injectedErrorsDefaultToInternalServerError() {
    configure("{\"error_rate\": 1.0}");

    assertThatThrownBy(() -> model().chat("Hello")).isInstanceOf(InternalServerException.class);
  }
}
