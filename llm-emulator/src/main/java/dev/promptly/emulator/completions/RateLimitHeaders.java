package dev.promptly.emulator.completions;

import dev.promptly.emulator.control.RateLimitStatus;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * OpenAI's {@code x-ratelimit-*} headers for the emulator's limits, on every completion answer:
 * those of requests when {@code rpm_limit} is set, those of tokens when {@code tpm_limit} is. Reset
 * times are in OpenAI's duration format ({@code 1s}, {@code 6m0s}, {@code 120ms}, {@code 1.5s}).
 */
final class RateLimitHeaders {

  private RateLimitHeaders() {}

  /** Hands each header of {@code limits} to {@code header} (name, value). */
  static void write(RateLimitStatus limits, BiConsumer<String, String> header) {
    if (limits.limitRequests() > 0) {
      header.accept("x-ratelimit-limit-requests", Integer.toString(limits.limitRequests()));
      header.accept("x-ratelimit-remaining-requests", Integer.toString(limits.remainingRequests()));
      header.accept("x-ratelimit-reset-requests", format(limits.resetRequests()));
    }
    if (limits.limitTokens() > 0) {
      header.accept("x-ratelimit-limit-tokens", Long.toString(limits.limitTokens()));
      header.accept("x-ratelimit-remaining-tokens", Long.toString(limits.remainingTokens()));
      header.accept("x-ratelimit-reset-tokens", format(limits.resetTokens()));
    }
  }

  /**
   * A duration as OpenAI writes it (Go's notation, to the millisecond): {@code 0s}, {@code 120ms}
   * below a second, else hours, minutes and seconds with up to three decimals, such as {@code
   * 17.28s}, {@code 6m0s} or {@code 1h0m0s}.
   */
  static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    long secondMillis = millis % 60_000;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    text.append(secondMillis / 1000);
    long fraction = secondMillis % 1000;
    if (fraction > 0) {
      String digits = String.format("%03d", fraction).replaceAll("0+$", "");
      text.append('.').append(digits);
    }
    return text.append('s').toString();
  }
}
