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
import dev.promptly.worker.jobs.PermanentJobException;
import dev.promptly.worker.jobs.RetryableJobException;
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

    RuntimeException classified = ProviderErrors.classify(mapped);

    assertThat(mapped).isInstanceOf(RateLimitException.class);
    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
              assertThat(e.getMessage()).contains("rate limit").contains("429");
            });
  }

  @Test
  void serverErrorsAreRetryable() {
    RuntimeException classified =
        ProviderErrors.classify(new InternalServerException(new HttpException(503, "overloaded")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> {
              assertThat(e.code()).isEmpty();
              assertThat(e.getMessage()).contains("HTTP 503").contains("overloaded");
            });
  }

  @Test
  void timeoutsAreRetryableWithTheTimeoutCode() {
    RuntimeException classified =
        ProviderErrors.classify(
            new TimeoutException(new HttpTimeoutException("request timed out")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class, e -> assertThat(e.code()).contains(JobErrorCode.TIMEOUT));
  }

  @Test
  void refusedConnectionsAreRetryable() {
    RuntimeException classified =
        ProviderErrors.classify(
            new UncheckedIOException(new ConnectException("Connection refused")));

    assertThat(classified)
        .isInstanceOfSatisfying(
            RetryableJobException.class,
            e -> assertThat(e.getMessage()).contains("could not reach the provider"));
  }

  @Test
  void badRequestsAreRejectedForGood() {
    RuntimeException classified =
        ProviderErrors.classify(
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

    RuntimeException classified = ProviderErrors.classify(mapped);

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
    assertThat(ProviderErrors.classify(new HttpException(502, "bad gateway")))
        .isInstanceOf(RetryableJobException.class);
    assertThat(ProviderErrors.classify(new HttpException(422, "unprocessable")))
        .isInstanceOf(PermanentJobException.class);
  }

  @Test
  void unknownFailuresAreRetriedRatherThanDropped() {
    assertThat(ProviderErrors.classify(new IllegalStateException("parser broke")))
        .isInstanceOf(RetryableJobException.class);
  }

  private static JobErrorCode codeOf(RuntimeException failure) {
    return ((PermanentJobException) ProviderErrors.classify(failure)).code();
  }
}
