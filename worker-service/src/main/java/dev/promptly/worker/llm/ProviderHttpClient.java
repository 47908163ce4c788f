package dev.promptly.worker.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient.Version;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * langchain4j's HTTP client contract over one shared JDK client, so that hundreds of concurrent
 * calls share one connection pool, and so that a failed response keeps its Retry-After (see {@link
 * ProviderHttpException}), which langchain4j's own client drops. Every answer's rate-limit headers
 * go to the {@link ProviderAnswerListener} as a {@link ProviderAnswer}, so that the shared provider
 * windows learn what the provider allows.
 */
class ProviderHttpClient implements HttpClient {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttpClient.class);

  private final java.net.http.HttpClient http;
  private final Duration readTimeout;
  private final Clock clock;
  private final String provider;
  private final String model;
  private final ProviderAnswerListener listener;

  ProviderHttpClient(
      java.net.http.HttpClient http,
      Duration readTimeout,
      Clock clock,
      String provider,
      String model,
      ProviderAnswerListener listener) {
    this.http = http;
    this.readTimeout = readTimeout;
    this.clock = clock;
    this.provider = provider;
    this.model = model;
    this.listener = listener;
  }

  /** The JDK client every model of one gateway shares. */
  static java.net.http.HttpClient sharedJdkClient(Duration connectTimeout) {
    return java.net.http.HttpClient.newBuilder()
        .version(Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(toJdkRequest(request), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the provider", e);
    }
    report(response);
    if (!isSuccessful(response)) {
      throw failure(response, new String(response.body(), StandardCharsets.UTF_8));
    }
    return toResponse(response, response.body());
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    http.sendAsync(toJdkRequest(request), HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(response -> stream(response, parser, listener))
        .exceptionally(
            failure -> {
              Throwable cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              listener.onError(
                  cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause);
              return null;
            });
  }

  private void stream(
      HttpResponse<InputStream> response,
      ServerSentEventParser parser,
      ServerSentEventListener listener) {
    report(response);
    try (InputStream body = response.body()) {
      if (!isSuccessful(response)) {
        listener.onError(
            failure(response, new String(body.readAllBytes(), StandardCharsets.UTF_8)));
        return;
      }
      listener.onOpen(toResponse(response, null));
      parser.parse(body, listener);
      listener.onClose();
    } catch (IOException e) {
      listener.onError(e);
    }
  }

  private void report(HttpResponse<?> response) {
    try {
      listener.answered(
          new ProviderAnswer(
              provider, model, response.statusCode(), RateLimitHeaders.from(response.headers())));
    } catch (RuntimeException e) {
      // What the listener learns only sharpens the windows: the answer itself must go on.
      log.debug("provider answer listener failed: {}", e.toString());
    }
  }

  private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used by the worker");
    }
    java.net.http.HttpRequest.Builder builder =
        java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
    request
        .headers()
        .forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    builder.method(
        request.method().name(),
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    if (readTimeout != null) {
      builder.timeout(readTimeout);
    }
    return builder.build();
  }

  private ProviderHttpException failure(HttpResponse<?> response, String body) {
    return new ProviderHttpException(
        response.statusCode(),
        body,
        RetryAfter.from(response.headers(), clock.instant()).orElse(null));
  }

  private static boolean isSuccessful(HttpResponse<?> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  private static SuccessfulHttpResponse toResponse(HttpResponse<?> response, byte[] body) {
    SuccessfulHttpResponse.Builder builder =
        SuccessfulHttpResponse.builder()
            .statusCode(response.statusCode())
            .headers(response.headers().map());
    if (body != null) {
      builder.body(body);
    }
    return builder.build();
  }
}
