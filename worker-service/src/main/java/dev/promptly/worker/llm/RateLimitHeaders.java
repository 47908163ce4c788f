package dev.promptly.worker.llm;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenAI's rate-limit headers ({@code x-ratelimit-limit-requests}, {@code
 * -remaining-requests}, {@code -reset-requests} and the same for {@code -tokens}), which OpenAI,
 * Azure's OpenAI-compatible endpoint, LiteLLM and the emulator send. A quota whose limit or
 * remaining count is missing or unreadable is left out; a missing or unreadable reset is zero.
 */
final class RateLimitHeaders {
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|ns)");

  private RateLimitHeaders() {}

  static ProviderLimits from(HttpHeaders headers) {
    return new ProviderLimits(quota(headers, "requests"), quota(headers, "tokens"));
  }

  private static ProviderLimits.Quota quota(HttpHeaders headers, String kind) {
    Optional<Long> limit = number(headers.firstValue("x-ratelimit-limit-" + kind));
    Optional<Long> remaining = number(headers.firstValue("x-ratelimit-remaining-" + kind));
    if (limit.isEmpty() || remaining.isEmpty() || limit.get() <= 0) {
      return null;
    }
    Duration reset =
        headers
            .firstValue("x-ratelimit-reset-" + kind)
            .flatMap(RateLimitHeaders::duration)
            .orElse(Duration.ZERO);
    return new ProviderLimits.Quota(limit.get(), Math.max(0, remaining.get()), reset);
  }

  private static Optional<Long> number(Optional<String> value) {
    try {
      return value.map(String::strip).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A duration in OpenAI's notation (Go's): {@code 1s}, {@code 120ms}, {@code 6m0s}, {@code
   * 17.28s}, {@code 1h2m3.5s}; a bare number is seconds.
   */
  static Optional<Duration> duration(String value) {
    String text = value.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      BigDecimal seconds = new BigDecimal(text);
      return seconds.signum() < 0 ? Optional.empty() : Optional.of(ofSeconds(seconds));
    } catch (NumberFormatException e) {
      // not a bare number: units follow
    }
    Matcher part = PART.matcher(text);
    BigDecimal seconds = BigDecimal.ZERO;
    int at = 0;
    while (at < text.length()) {
      if (!part.find(at) || part.start() != at) {
        return Optional.empty();
      }
      BigDecimal amount = new BigDecimal(part.group(1));
      seconds =
          seconds.add(
              switch (part.group(2)) {
                case "h" -> amount.multiply(BigDecimal.valueOf(3600));
                case "m" -> amount.multiply(BigDecimal.valueOf(60));
                case "s" -> amount;
                case "ms" -> amount.movePointLeft(3);
                case "us", "µs" -> amount.movePointLeft(6);
                default -> amount.movePointLeft(9);
              });
      at = part.end();
    }
    return Optional.of(ofSeconds(seconds));
  }

  private static Duration ofSeconds(BigDecimal seconds) {
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }
}
