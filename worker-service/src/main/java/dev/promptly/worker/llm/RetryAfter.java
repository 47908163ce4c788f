package dev.promptly.worker.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a provider asks us to wait: OpenAI's {@code retry-after-ms}, else the standard
 * {@code Retry-After} as seconds (fractions allowed) or as an HTTP date.
 */
final class RetryAfter {
  private RetryAfter() {}

  static Optional<Duration> from(HttpHeaders headers, Instant now) {
    Optional<Duration> millis =
        headers.firstValue("retry-after-ms").flatMap(value -> seconds(value, 1000));
    if (millis.isPresent()) {
      return millis;
    }
    return headers.firstValue("retry-after").flatMap(value -> parse(value, now));
  }

  static Optional<Duration> parse(String value, Instant now) {
    Optional<Duration> seconds = seconds(value, 1);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant until =
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, until);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String value, int unitsPerSecond) {
    try {
      double amount = Double.parseDouble(value.strip());
      if (!(amount >= 0) || Double.isInfinite(amount)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(Math.round(amount * 1000 / unitsPerSecond)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
