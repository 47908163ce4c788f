package dev.promptly.emulator.completions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.emulator.control.RateLimitStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void durationsAreWrittenInOpenAisNotation() {
    assertThat(RateLimitHeaders.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(120))).isEqualTo("120ms");
    assertThat(RateLimitHeaders.format(Duration.ofSeconds(1))).isEqualTo("1s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(17_280))).isEqualTo("17.28s");
    assertThat(RateLimitHeaders.format(Duration.ofMinutes(6))).isEqualTo("6m0s");
    assertThat(RateLimitHeaders.format(Duration.ofMillis(90_500))).isEqualTo("1m30.5s");
    assertThat(RateLimitHeaders.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
  }

  @Test
  void aNegativeDurationIsWrittenAsZero() {
    assertThat(RateLimitHeaders.format(Duration.ofMillis(-5))).isEqualTo("0s");
  }

  @Test
  void onlyTheLimitsThatAreSetGetHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();

    RateLimitHeaders.write(
        new RateLimitStatus(60, 59, Duration.ofSeconds(1), 0, 0, Duration.ZERO), headers::put);

    assertThat(headers)
        .containsExactly(
            Map.entry("x-ratelimit-limit-requests", "60"),
            Map.entry("x-ratelimit-remaining-requests", "59"),
            Map.entry("x-ratelimit-reset-requests", "1s"));
  }

  @Test
  void tokenLimitsGetTheirOwnHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();

    RateLimitHeaders.write(
        new RateLimitStatus(0, 0, Duration.ZERO, 30_000, 1_200, Duration.ofMillis(6_500)),
        headers::put);

    assertThat(headers)
        .containsExactly(
            Map.entry("x-ratelimit-limit-tokens", "30000"),
            Map.entry("x-ratelimit-remaining-tokens", "1200"),
            Map.entry("x-ratelimit-reset-tokens", "6.5s"));
  }

  @Test
  void noLimitsNoHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();

    RateLimitHeaders.write(RateLimitStatus.NONE, headers::put);

    assertThat(headers).isEmpty();
  }
}
