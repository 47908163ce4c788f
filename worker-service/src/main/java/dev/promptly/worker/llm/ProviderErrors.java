package dev.promptly.worker.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Translates what langchain4j (or the HTTP layer under it) throws into the two failures the job
 * flow knows, by whether another attempt can help.
 */
final class ProviderErrors {
  private static final int MAX_DETAIL = 300;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProviderErrors() {}

  /**
   * @param timeout the call's time limit, named when the call ran out of it
   */
  static RuntimeException classify(Throwable failure, Duration timeout) {
    Optional<HttpException> http = find(failure, HttpException.class);
    Integer status = http.map(HttpException::statusCode).orElse(null);
    Duration retryAfter =
        find(failure, ProviderHttpException.class)
            .flatMap(ProviderHttpException::retryAfter)
            .orElse(null);
    String detail =
        detail(http.map(e -> errorMessageOf(e.getMessage())).orElse(failure.getMessage()));
    if (isContextLengthExceeded(status, failure, detail)) {
      return new PermanentJobException(
          JobErrorCode.CONTEXT_LENGTH_EXCEEDED,
          "the prompt exceeds the model's context window",
          failure);
    }
    return switch (failure) {
      case RateLimitException e -> rateLimited(retryAfter, e);
      case InternalServerException e -> providerFailed(status, detail, retryAfter, e);
      case TimeoutException e -> RetryableJobException.timedOut(timeout, e);
      case ContentFilteredException e ->
          rejected("provider refused the content (" + describe(status, detail) + ")", e);
      case AuthenticationException e ->
          rejected("provider refused the credentials (" + describe(status, detail) + ")", e);
      case ModelNotFoundException e ->
          rejected("provider does not know the model (" + describe(status, detail) + ")", e);
      case InvalidRequestException e ->
          rejected("provider rejected the request (" + describe(status, detail) + ")", e);
      case UnresolvedModelServerException e ->
          new RetryableJobException("provider host could not be resolved", null, null, true, e);
      case RetriableException e when status != null && !isProviderStatus(status) ->
          new RetryableJobException(
              "provider returned " + status + " (" + detail + ")", null, retryAfter, false, e);
      case RetriableException e -> providerFailed(status, detail, retryAfter, e);
      case NonRetriableException e when status == null ->
          rejected("provider rejected the request (" + detail + ")", e);
      default -> byStatusOrCause(failure, status, retryAfter, detail, timeout);
    };
  }

  /**
   * The model's refusal, when langchain4j reported one as an exception: a {@link
   * ContentFilteredException} from a successful response ({@code message.refusal}), as opposed to
   * one from an HTTP error (a provider's input filter), which is a rejection.
   */
  static Optional<String> refusalOf(Throwable failure) {
    if (failure instanceof ContentFilteredException
        && find(failure, HttpException.class).isEmpty()
        && failure.getMessage() != null) {
      return Optional.of(failure.getMessage());
    }
    return Optional.empty();
  }

  private static RuntimeException byStatusOrCause(
      Throwable failure, Integer status, Duration retryAfter, String detail, Duration timeout) {
    if (status != null) {
      if (status == 429) {
        return rateLimited(retryAfter, failure);
      }
      if (isProviderStatus(status)) {
        return providerFailed(status, detail, retryAfter, failure);
      }
      return status == 409
          ? new RetryableJobException(
              "provider returned 409 (" + detail + ")", null, retryAfter, false, failure)
          : rejected("provider rejected the request (" + describe(status, detail) + ")", failure);
    }
    if (find(failure, HttpTimeoutException.class).isPresent()
        || find(failure, java.util.concurrent.TimeoutException.class).isPresent()) {
      return RetryableJobException.timedOut(timeout, failure);
    }
    if (find(failure, ConnectException.class).isPresent()) {
      return new RetryableJobException("connection refused", null, null, true, failure);
    }
    Optional<IOException> io = find(failure, IOException.class);
    if (io.isPresent()) {
      return new RetryableJobException(
          "could not reach the provider (" + detail(io.get().getMessage()) + ")",
          null,
          null,
          true,
          failure);
    }
    // Unknown failures are retried: max_attempts bounds the cost of being wrong. They are not
    // held against the provider, since the fault may well be ours.
    return new RetryableJobException(
        "unexpected provider failure (" + failure.getClass().getSimpleName() + ")",
        null,
        null,
        false,
        failure);
  }

  /** Statuses that say the provider itself is failing: server errors and its own timeouts. */
  private static boolean isProviderStatus(int status) {
    return status >= 500 || status == 408;
  }

  private static RetryableJobException rateLimited(Duration retryAfter, Throwable cause) {
    String message =
        retryAfter == null
            ? "rate limited by provider (429)"
            : "rate limited by provider (429), retry after " + formatWait(retryAfter);
    return new RetryableJobException(message, null, retryAfter, false, cause);
  }

  private static RetryableJobException providerFailed(
      Integer status, String detail, Duration retryAfter, Throwable cause) {
    String message =
        status == null
            ? "provider failed (" + detail + ")"
            : "provider returned " + status + " (" + detail + ")";
    return new RetryableJobException(message, null, retryAfter, true, cause);
  }

  static String formatWait(Duration wait) {
    long millis = wait.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static boolean isContextLengthExceeded(Integer status, Throwable failure, String detail) {
    boolean clientError =
        (status != null && status >= 400 && status < 500)
            || failure instanceof InvalidRequestException;
    String text = detail.toLowerCase(Locale.ROOT);
    return clientError
        && (text.contains("context_length_exceeded")
            || text.contains("maximum context length")
            || text.contains("context window")
            || text.contains("too many tokens"));
  }

  private static PermanentJobException rejected(String message, Throwable cause) {
    return new PermanentJobException(JobErrorCode.PROVIDER_REJECTED, message, cause);
  }

  /**
   * OpenAI-shaped bodies carry {@code {"error": {"message", "code"}}}; keep what a person reads.
   */
  private static String errorMessageOf(String body) {
    if (body == null) {
      return null;
    }
    try {
      JsonNode error = JSON.readTree(body).path("error");
      String message = textOf(error.path("message"));
      String code = textOf(error.path("code"));
      if (message == null) {
        return body;
      }
      return code == null ? message : code + ": " + message;
    } catch (JacksonException e) {
      return body;
    }
  }

  private static String textOf(JsonNode node) {
    return node.isString() ? node.stringValue() : null;
  }

  private static String describe(Integer status, String detail) {
    return status == null ? detail : "HTTP " + status + ": " + detail;
  }

  private static String detail(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    String oneLine = message.strip().replaceAll("\\s+", " ");
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
  }

  private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
