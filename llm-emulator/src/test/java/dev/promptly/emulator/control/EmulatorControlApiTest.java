package dev.promptly.emulator.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.EmulatorServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmulatorControlApiTest extends EmulatorServerTest {

  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  @Test
  void configStartsAtTheDefaults() {
    JsonNode config = json(get("/emulator/config"));

    assertThat(config.get("latency_ms").asLong()).isZero();
    assertThat(config.get("ttft_ms").asLong()).isZero();
    assertThat(config.get("per_token_ms").asLong()).isZero();
    assertThat(config.get("error_rate").asDouble()).isZero();
    assertThat(config.get("error_status").asInt()).isEqualTo(500);
    assertThat(config.get("outage").asBoolean()).isFalse();
    assertThat(config.get("rpm_limit").asInt()).isZero();
  }

  @Test
  void partialUpdateChangesOnlyTheGivenFields() {
    put("/emulator/config", "{\"latency_ms\": 250, \"error_rate\": 0.5}");

    JsonNode config = json(get("/emulator/config"));

    assertThat(config.get("latency_ms").asLong()).isEqualTo(250);
    assertThat(config.get("error_rate").asDouble()).isEqualTo(0.5);
    assertThat(config.get("error_status").asInt()).isEqualTo(500);
  }

  @Test
  void updateReturnsTheFullConfig() {
    HttpResponse<String> response = put("/emulator/config", "{\"outage\": true}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("outage").asBoolean()).isTrue();
    assertThat(json(response).has("rpm_limit")).isTrue();
  }

  @Test
  void configIsReadWhateverTheContentType() {
    HttpResponse<String> response =
        send(
            request("/emulator/config")
                .setHeader("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"ttft_ms\": 5}"))
                .build());

    assertThat(json(response).get("ttft_ms").asLong()).isEqualTo(5);
  }

  @Test
  void unknownFieldIsRejected() {
    HttpResponse<String> response = put("/emulator/config", "{\"latency\": 250}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("latency");
  }

  @Test
  void errorRateAboveOneIsRejected() {
    HttpResponse<String> response = put("/emulator/config", "{\"error_rate\": 1.5}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/type").asString()).isEqualTo("invalid_request_error");
    assertThat(json(response).at("/error/param").asString()).isEqualTo("error_rate");
    assertThat(json(get("/emulator/config")).get("error_rate").asDouble()).isZero();
  }

  @Test
  void wrongTypeIsRejected() {
    HttpResponse<String> response = put("/emulator/config", "{\"latency_ms\": 1.5}");

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void statsCountCompletionsByOutcome() {
    post("/v1/chat/completions", CHAT);
    post("/v1/chat/completions", "{not json");
    configure("{\"outage\": true}");
    post("/v1/chat/completions", CHAT);

    JsonNode stats = json(get("/emulator/stats"));

    assertThat(stats.get("requests").asLong()).isEqualTo(3);
    assertThat(stats.at("/by_outcome/ok").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_outcome/bad_request").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_outcome/outage").asLong()).isEqualTo(1);
    assertThat(stats.at("/by_outcome/injected_error").asLong()).isZero();
    assertThat(stats.at("/by_outcome/rate_limited").asLong()).isZero();
  }

  @Test
  void statsGiveTheMostCompletionsAnsweredAtOnce() throws Exception {
    configure("{\"latency_ms\": 300}");
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> calls =
          IntStream.range(0, 3)
              .mapToObj(n -> clients.submit(() -> post("/v1/chat/completions", CHAT)))
              .toList();
      for (Future<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }
    }
    post("/v1/chat/completions", CHAT);

    JsonNode stats = json(get("/emulator/stats"));

    assertThat(stats.get("most_in_flight").asInt()).isEqualTo(3);
    assertThat(stats.get("in_flight").asInt()).isZero();
    assertThat(json(post("/emulator/stats/reset", "")).get("most_in_flight").asInt()).isZero();
  }

  @Test
  void statsResetZeroesTheCountersButKeepsTheConfig() {
    configure("{\"latency_ms\": 10}");
    post("/v1/chat/completions", CHAT);

    JsonNode stats = json(post("/emulator/stats/reset", ""));

    assertThat(stats.get("requests").asLong()).isZero();
    assertThat(json(get("/emulator/config")).get("latency_ms").asLong()).isEqualTo(10);
  }

  @Test
  void resetRestoresTheStartupConfig() {
    configure("{\"outage\": true, \"rpm_limit\": 5}");

    post("/emulator/reset", "");

    JsonNode config = json(get("/emulator/config"));
    assertThat(config.get("outage").asBoolean()).isFalse();
    assertThat(config.get("rpm_limit").asInt()).isZero();
  }

  @Test
  void rateLimitedResponsesCarryRetryAfterAndRateLimitHeaders() {
    configure("{\"rpm_limit\": 2}");
    post("/v1/chat/completions", CHAT);
    post("/v1/chat/completions", CHAT);

    HttpResponse<String> limited = post("/v1/chat/completions", CHAT);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValueAsLong("Retry-After").orElseThrow()).isBetween(1L, 60L);
    assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
    assertThat(json(limited).at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/rate_limited").asLong()).isEqualTo(1);
  }

  @Test
  void successfulCompletionsCarryOpenAisRateLimitHeaders() {
    configure("{\"rpm_limit\": 10, \"tpm_limit\": 100000}");

    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).contains("10");
    assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).contains("9");
    assertThat(response.headers().firstValue("x-ratelimit-reset-requests").orElseThrow())
        .matches("1m0s|59(\\.\\d+)?s");
    assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).contains("100000");
    assertThat(response.headers().firstValueAsLong("x-ratelimit-remaining-tokens").orElseThrow())
        .isBetween(1L, 99_999L);
    assertThat(response.headers().firstValue("x-ratelimit-reset-tokens")).isPresent();
  }

  @Test
  void withoutLimitsNoRateLimitHeadersAreSent() {
    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).isEmpty();
  }

  @Test
  void theTokenLimitIsAKnobOfTheControlApiAndRefusesBeyondIt() {
    configure("{\"tpm_limit\": 20}");
    assertThat(json(get("/emulator/config")).get("tpm_limit").asLong()).isEqualTo(20);
    String big =
        "{\"model\":\"gpt-4o-mini\",\"max_tokens\":15,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    post("/v1/chat/completions", big);

    HttpResponse<String> limited = post("/v1/chat/completions", big);

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("x-ratelimit-limit-tokens")).contains("20");
    assertThat(json(limited).at("/error/type").asString()).isEqualTo("tokens");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/rate_limited").asLong()).isEqualTo(1);
  }

  @Test
  void rateLimitHeadersCanBeTurnedOffToPlayAProviderWithoutThem() {
    configure("{\"rpm_limit\": 1, \"rate_limit_headers\": false}");

    HttpResponse<String> admitted = post("/v1/chat/completions", CHAT);
    HttpResponse<String> limited = post("/v1/chat/completions", CHAT);

    assertThat(admitted.headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).isEmpty();
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void aNegativeTokenLimitIsRefused() {
    assertThat(put("/emulator/config", "{\"tpm_limit\": -1}").statusCode()).isEqualTo(400);
  }

  @Test
  void batchKnobsAreSetThroughTheConfig() {
    configure(
        "{\"batch_processing_ms\": 250, \"batch_fail_custom_ids\": [\"x\"],"
            + " \"batch_fail_every\": 3, \"batch_never_finish\": true}");

    JsonNode config = json(get("/emulator/config"));

    assertThat(config.get("batch_processing_ms").asLong()).isEqualTo(250);
    assertThat(config.get("batch_fail_custom_ids").get(0).asString()).isEqualTo("x");
    assertThat(config.get("batch_fail_every").asInt()).isEqualTo(3);
    assertThat(config.get("batch_never_finish").asBoolean()).isTrue();
  }

  @Test
  void aNegativeBatchFailEveryIsRefused() {
    HttpResponse<String> response = put("/emulator/config", "{\"batch_fail_every\": -1}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("batch_fail_every");
  }

  @Test
  void aNullFailingCustomIdIsRefused() {
    HttpResponse<String> response =
        put("/emulator/config", "{\"batch_fail_custom_ids\": [\"a\", null]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/param").asString()).isEqualTo("batch_fail_custom_ids");
  }

  @Test
  void injected429CarriesRetryAfter() {
    configure("{\"error_rate\": 1, \"error_status\": 429}");

    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(get("/emulator/stats")).at("/by_outcome/injected_error").asLong()).isEqualTo(1);
  }

  @Test
  void latencyDelaysNonStreamedResponses() {
    configure("{\"latency_ms\": 300}");
    long start = System.nanoTime();

    HttpResponse<String> response = post("/v1/chat/completions", CHAT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void latencyDelaysStreamedResponsesToo() {
    configure("{\"latency_ms\": 300}");
    long start = System.nanoTime();

    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"model\": \"gpt-4o-mini\", \"stream\": true,"
                + " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("data: [DONE]");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void healthIsUp() {
    HttpResponse<String> response = get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asString()).isEqualTo("UP");
  }
}
