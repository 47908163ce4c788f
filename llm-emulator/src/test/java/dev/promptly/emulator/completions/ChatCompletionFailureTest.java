package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** A bug in the emulator still answers in OpenAI's shape, so clients classify it as a 500. */
class ChatCompletionFailureTest extends EmulatorServerTest {

  @MockitoBean CompletionGenerator generator;

  @Test
  void unexpectedFailureIsAServerErrorInOpenAisShape() {
    when(generator.generate(any(), any())).thenThrow(new IllegalStateException("bug"));

    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":{\"message\":\"The emulator had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
  }
}
