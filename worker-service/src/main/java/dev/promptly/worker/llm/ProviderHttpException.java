package dev.promptly.worker.llm;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;

/**
 * langchain4j's {@link HttpException} plus the provider's Retry-After, which langchain4j's own HTTP
 * client drops. langchain4j maps it to its exception types by status code as usual, with this as
 * the cause, so the Retry-After survives to {@link ProviderErrors}.
 */
class ProviderHttpException extends HttpException {
  private final Duration retryAfter;

  ProviderHttpException(int statusCode, String body, Duration retryAfter) {
    super(statusCode, body);
    this.retryAfter = retryAfter;
  }

  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
