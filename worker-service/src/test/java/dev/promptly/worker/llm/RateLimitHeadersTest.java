package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.worker.llm.ProviderLimits.Quota;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  @Test
  void openAisDurationsAreRead() {
    assertThat(RateLimitHeaders.duration("1s")).contains(Duration.ofSeconds(1));
    assertThat(RateLimitHeaders.duration("120ms")).contains(Duration.ofMillis(120));
    assertThat(RateLimitHeaders.duration("6m0s")).contains(Duration.ofMinutes(6));
    assertThat(RateLimitHeaders.duration("17.28s")).contains(Duration.ofMillis(17_280));
    assertThat(RateLimitHeaders.duration("1m30.5s")).contains(Duration.ofMillis(90_500));
    assertThat(RateLimitHeaders.duration("1h2m3s")).contains(Duration.ofSeconds(3723));
    assertThat(RateLimitHeaders.duration("0s")).contains(Duration.ZERO);
    assertThat(RateLimitHeaders.duration("250us")).contains(Duration.ofNanos(250_000));
  }

  @Test
  void aBareNumberIsSeconds() {
    assertThat(RateLimitHeaders.duration("2.5")).contains(Duration.ofMillis(2500));
  }

  @Test
  void garbageDurationsAreNotRead() {
    assertThat(RateLimitHeaders.duration("soon")).isEmpty();
    assertThat(RateLimitHeaders.duration("5x")).isEmpty();
    assertThat(RateLimitHeaders.duration("1s trailing")).isEmpty();
    assertThat(RateLimitHeaders.duration("-1s")).isEmpty();
    assertThat(RateLimitHeaders.duration("-3")).isEmpty();
    assertThat(RateLimitHeaders.duration("")).isEmpty();
  }

  @Test
  void bothQuotasAreReadFromOpenAisHeaders() {
    ProviderLimits limits =
        RateLimitHeaders.from(
            headers(
                Map.of(
                    "x-ratelimit-limit-requests", "60",
                    "x-ratelimit-remaining-requests", "59",
                    "x-ratelimit-reset-requests", "1s",
                    "x-ratelimit-limit-tokens", "150000",
                    "x-ratelimit-remaining-tokens", "149984",
                    "x-ratelimit-reset-tokens", "6ms")));

    assertThat(limits.requests()).isEqualTo(new Quota(60, 59, Duration.ofSeconds(1)));
    assertThat(limits.tokens()).isEqualTo(new Quota(150_000, 149_984, Duration.ofMillis(6)));
  }

  @Test
  void aQuotaTheAnswerDoesNotStateIsAbsent() {
    ProviderLimits limits =
        RateLimitHeaders.from(
            headers(
                Map.of(
                    "x-ratelimit-limit-requests", "3",
                    "x-ratelimit-remaining-requests", "0",
                    "x-ratelimit-reset-requests", "20s")));

    assertThat(limits.requests()).isEqualTo(new Quota(3, 0, Duration.ofSeconds(20)));
    assertThat(limits.tokens()).isNull();
  }

  @Test
  void noHeadersNoLimits() {
    assertThat(RateLimitHeaders.from(headers(Map.of("content-type", "application/json"))).isEmpty())
        .isTrue();
  }

  @Test
  void anUnreadableCountDropsItsQuotaAndAnUnreadableResetIsZero() {
    ProviderLimits limits =
        RateLimitHeaders.from(
            headers(
                Map.of(
                    "x-ratelimit-limit-requests", "many",
                    "x-ratelimit-remaining-requests", "1",
                    "x-ratelimit-limit-tokens", "1000",
                    "x-ratelimit-remaining-tokens", "10",
                    "x-ratelimit-reset-tokens", "later")));

    assertThat(limits.requests()).isNull();
    assertThat(limits.tokens()).isEqualTo(new Quota(1000, 10, Duration.ZERO));
  }

  @Test
  void aNegativeRemainingCountsAsNothingLeft() {
    ProviderLimits limits =
        RateLimitHeaders.from(
            headers(
                Map.of(
                    "x-ratelimit-limit-requests", "10",
                    "x-ratelimit-remaining-requests", "-2")));

    assertThat(limits.requests()).isEqualTo(new Quota(10, 0, Duration.ZERO));
  }

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    values.forEach((name, value) -> map.put(name, List.of(value)));
    return HttpHeaders.of(map, (name, value) -> true);
  }
}
