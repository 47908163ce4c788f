package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.internal.ExceptionMapper;
import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {
  private static final String CONTEXT_LENGTH_BODY =
      """
      {"error": {"message": "This model's maximum context length is 128000 tokens.",
                 "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}
      """;

  @Test
  void rateLimitIsRetryableAndKeepsTheProvidersRetryAfter() {
    RuntimeException mapped =
        ExceptionMapper.DEFAULT.mapException(
            new ProviderHttpException(429, "{}", Duration.ofSeconds(7)));

    RuntimeException classified = classify(mapped);

    assertThat(mapped).isInstanceOf(RateLimitException.class);
    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              assertThat(e.getMessage())
                  .isEqualTo("rate limited by provider (429), retry after 7s");
              assertThat(e.isProviderFault()).isFalse();
            });
  }

  @Test
  void serverErrorsAreRetryable() {
    RuntimeException classified =
        classify(new InternalServerException(new HttpException(503, "overloaded")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.code()).isEmpty();
              assertThat(e.getMessage()).isEqualTo("provider returned 503 (overloaded)");
              assertThat(e.isProviderFault()).isTrue();
            });
  }

  @Test
  void timeoutsAreRetryableWithTheTimeoutCode() {
    RuntimeException classified =
        classify(new TimeoutException(new HttpTimeoutException("request timed out")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.code()).contains(JobErrorCode.TIMEOUT);
              assertThat(e).hasMessage("provider call timed out after 30s");
              assertThat(e.isProviderFault()).isTrue();
            });
  }

  @Test
  void refusedConnectionsAreRetryable() {
    RuntimeException classified =
        classify(new UncheckedIOException(new ConnectException("Connection refused")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("connection refused");
              assertThat(e.isProviderFault()).isTrue();
            });
  }

  @Test
  void brokenConnectionsAreRetryableProviderFaults() {
    RuntimeException classified =
        classify(new UncheckedIOException(new IOException("stream reset")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("could not reach the provider (stream reset)");
              assertThat(e.isProviderFault()).isTrue();
            });
  }

  @Test
  void rateLimitWithoutRetryAfterSaysSo() {
    RuntimeException classified =
        classify(ExceptionMapper.DEFAULT.mapException(new ProviderHttpException(429, "{}", null)));

    assertThat(classified).hasMessage("rate limited by provider (429)");
  }

  @Test
  void fractionalRetryAfterIsShownInMilliseconds() {
    assertThat(ProviderErrors.formatWait(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(ProviderErrors.formatWait(Duration.ofSeconds(2))).isEqualTo("2s");
  }

  @Test
  void badRequestsAreRejectedForGood() {
    RuntimeException classified =
        classify(
            new InvalidRequestException(
                new HttpException(400, "{\"error\": {\"message\": \"bad field\"}}")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JobErrorCode.PROVIDER_REJECTED);
              assertThat(e.getMessage()).contains("HTTP 400").contains("bad field");
            });
  }

  @Test
  void exceedingTheContextWindowHasItsOwnCode() {
    RuntimeException mapped =
        ExceptionMapper.DEFAULT.mapException(new HttpException(400, CONTEXT_LENGTH_BODY));

    RuntimeException classified = classify(mapped);

    assertThat(classified)
        .isInstanceOfSatisfying(
            PermanentJobException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCode.CONTEXT_LENGTH_EXCEEDED));
  }

  @Test
  void refusedCredentialsUnknownModelsAndFilteredContentAreRejected() {
    assertThat(codeOf(new AuthenticationException(new HttpException(401, "bad key"))))
        .isEqualTo(JobErrorCode.PROVIDER_REJECTED);
    assertThat(codeOf(new ModelNotFoundException(new HttpException(404, "no model"))))
        .isEqualTo(JobErrorCode.PROVIDER_REJECTED);
    assertThat(codeOf(new ContentFilteredException("filtered")))
        .isEqualTo(JobErrorCode.PROVIDER_REJECTED);
  }

  @Test
  void unmappedStatusCodesAreClassifiedByStatus() {
    assertThat(classify(new HttpException(502, "bad gateway")))
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.isProviderFault()).isTrue());
    assertThat(classify(new HttpException(429, "slow down")))
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.isProviderFault()).isFalse());
    assertThat(classify(new HttpException(409, "conflict")))
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.isProviderFault()).isFalse());
    assertThat(classify(new HttpException(422, "unprocessable")))
        .isInstanceOf(PermanentJobException.class);
  }

  @Test
  void unknownFailuresAreRetriedButNotHeldAgainstTheProvider() {
    assertThat(classify(new IllegalStateException("parser broke")))
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.isProviderFault()).isFalse());
  }

  private static JobErrorCode codeOf(RuntimeException failure) {
    return ((PermanentJobException) classify(failure)).code();
  }

  private static RuntimeException classify(Throwable failure) {
    return ProviderErrors.classify(failure, Duration.ofSeconds(30));
  }
}
