package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What the completions servlet must answer exactly as the Spring MVC controller before it did:
 * errors as OpenAI's JSON whether or not a stream was asked for, and the other HTTP methods.
 */
class ChatCompletionServletTest extends EmulatorServerTest {

  private static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final String STREAM =
      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  @Test
  void outageIsAnOpenAiErrorWithAllFourFields() {
    configure("{\"outage\": true}");

    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":\"service_unavailable\"}}");
  }

  @Test
  void streamedRequestThatFailsGetsJsonInsteadOfEvents() {
    configure("{\"error_rate\": 1, \"error_status\": 429}");

    HttpResponse<String> response = post("/v1/chat/completions", STREAM);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(response).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/injected_error").asLong()).isEqualTo(1);
  }

  @Test
  void streamedCompletionIsCountedAsOk() {
    post("/v1/chat/completions", STREAM);

    assertThat(json(get("/emulator/stats")).at("/by_outcome/ok").asLong()).isEqualTo(1);
  }

  @Test
  void getIsNotAllowed() {
    HttpResponse<String> response = get("/v1/chat/completions");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST");
    assertThat(json(get("/emulator/stats")).get("requests").asLong()).isZero();
  }

  @Test
  void optionsNamesTheAllowedMethods() {
    HttpResponse<String> response =
        send(
            request("/v1/chat/completions")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Allow")).contains("POST,OPTIONS");
  }

  @Test
  void pathWithATrailingSlashIsNotACompletion() {
    HttpResponse<String> response = post("/v1/chat/completions/", CHAT);

    assertThat(response.statusCode()).isEqualTo(404);
  }
}
