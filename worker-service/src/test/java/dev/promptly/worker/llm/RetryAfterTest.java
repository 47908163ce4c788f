package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void secondsAreRead() {
    assertThat(RetryAfter.parse("12", NOW)).contains(Duration.ofSeconds(12));
  }

  @Test
  void fractionalSecondsAreRead() {
    assertThat(RetryAfter.parse("1.5", NOW)).contains(Duration.ofMillis(1500));
  }

  @Test
  void anHttpDateIsTurnedIntoTheWaitFromNow() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 10:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 09:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void garbageAndNegativeValuesAreIgnored() {
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
  }

  @Test
  void openAisMillisecondHeaderWins() {
    HttpHeaders headers =
        HttpHeaders.of(
            Map.of("Retry-After", List.of("2"), "retry-after-ms", List.of("250")),
            (name, value) -> true);

    assertThat(RetryAfter.from(headers, NOW)).contains(Duration.ofMillis(250));
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("Retry-After", List.of("3")), (name, value) -> true);

    assertThat(RetryAfter.from(headers, NOW)).contains(Duration.ofSeconds(3));
  }
}
