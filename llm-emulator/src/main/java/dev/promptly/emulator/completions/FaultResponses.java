package dev.promptly.emulator.completions;

import dev.promptly.emulator.ApiError;
import dev.promptly.emulator.ApiErrorException;
import dev.promptly.emulator.Outcome;
import dev.promptly.emulator.control.Fault;
import dev.promptly.emulator.control.RateLimitStatus;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/** Renders a chosen {@link Fault} as the response OpenAI sends in that situation. */
final class FaultResponses {

  private FaultResponses() {}

  /** The response to {@code fault}, with the {@code x-ratelimit-*} headers of {@code limits}. */
  static ApiErrorException toException(Fault fault, RateLimitStatus limits) {
    ApiErrorException plain = render(fault);
    HttpHeaders headers = new HttpHeaders();
    headers.addAll(plain.headers());
    RateLimitHeaders.write(limits, headers::set);
    return error(plain.status().value(), plain.outcome(), plain.body(), headers);
  }

  private static ApiErrorException render(Fault fault) {
    return switch (fault) {
      case Fault.Outage() ->
          error(
              503,
              Outcome.OUTAGE,
              new ApiError(
                  "The server is overloaded or not ready yet.",
                  "server_error",
                  null,
                  "service_unavailable"),
              new HttpHeaders());
      case Fault.RateLimited(int limit, Duration retryAfter) -> rateLimited(limit, retryAfter);
      case Fault.TokensRateLimited(long limit, long used, long requested, Duration retryAfter) ->
          tokensRateLimited(limit, used, requested, retryAfter);
      case Fault.InjectedError(int status) -> injected(status);
    };
  }

  private static ApiErrorException rateLimited(int limit, Duration retryAfter) {
    // Whole seconds, rounded up, so a client that waits exactly Retry-After is admitted.
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    String message =
        ("Rate limit reached for requests per min (RPM): Limit %d, Used %d, Requested 1."
                + " Please try again in %ds.")
            .formatted(limit, limit, seconds);
    return error(
        429,
        Outcome.RATE_LIMITED,
        new ApiError(message, "requests", null, "rate_limit_exceeded"),
        headers);
  }

  private static ApiErrorException tokensRateLimited(
      long limit, long used, long requested, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    String message =
        ("Rate limit reached for tokens per min (TPM): Limit %d, Used %d, Requested %d."
                + " Please try again in %s.")
            .formatted(limit, used, requested, RateLimitHeaders.format(retryAfter));
    return error(
        429,
        Outcome.RATE_LIMITED,
        new ApiError(message, "tokens", null, "rate_limit_exceeded"),
        headers);
  }

  private static ApiErrorException injected(int status) {
    HttpHeaders headers = new HttpHeaders();
    if (status == 429) {
      headers.set(HttpHeaders.RETRY_AFTER, "1");
      return error(
          status,
          Outcome.INJECTED_ERROR,
          new ApiError(
              "Rate limit reached (injected by the emulator).",
              "requests",
              null,
              "rate_limit_exceeded"),
          headers);
    }
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    String message =
        status >= 500
            ? "The server had an error while processing your request (injected by the emulator)."
            : "The request failed with status " + status + " (injected by the emulator).";
    return error(
        status,
        Outcome.INJECTED_ERROR,
        new ApiError(message, type, null, "injected_error"),
        headers);
  }

  private static ApiErrorException error(
      int status, Outcome outcome, ApiError body, HttpHeaders headers) {
    return new ApiErrorException(HttpStatusCode.valueOf(status), outcome, body, headers);
  }
}
