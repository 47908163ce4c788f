package dev.promptly.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

/** Real HTTP against the running API, with every header under the test's control. */
public final class ApiClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;

  public ApiClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  public HttpResult get(String path, String key) {
    return send("GET", path, key, null, BodyPublishers.noBody(), Map.of());
  }

  public HttpResult postJson(String path, String key, String json) {
    return postJson(path, key, json, Map.of());
  }

  public HttpResult postJson(String path, String key, String json, Map<String, String> headers) {
    return send("POST", path, key, "application/json", BodyPublishers.ofString(json), headers);
  }

  public HttpResult putJson(String path, String key, String json) {
    return send("PUT", path, key, "application/json", BodyPublishers.ofString(json), Map.of());
  }

  public HttpResult post(String path, String key) {
    return send("POST", path, key, null, BodyPublishers.noBody(), Map.of());
  }

  public HttpResult delete(String path, String key) {
    return send("DELETE", path, key, null, BodyPublishers.noBody(), Map.of());
  }

  /** A body of unknown length, sent chunked, so the server cannot check a Content-Length. */
  public static BodyPublisher chunked(byte[] body) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  public HttpResult send(
      String method,
      String path,
      String key,
      String contentType,
      BodyPublisher body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(90))
            .method(method, body);
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    try {
      var response = http.send(request.build(), BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
