package dev.promptly.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for Promptly's public API, as a user's backend would call it. */
final class PromptlyClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  PromptlyClient(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  String apiKey() {
    return apiKey;
  }

  PromptlyClient withKey(String key) {
    return new PromptlyClient(baseUrl, key);
  }

  /**
   * With an admin client: creates a tenant with a generous rate limit and returns a client holding
   * a key of that tenant.
   */
  /** The same caller, talking to the API at {@code otherBaseUrl}. */
  PromptlyClient at(String otherBaseUrl) {
    return new PromptlyClient(otherBaseUrl, apiKey);
  }

  PromptlyClient newTenant(String namePrefix) {
    Response tenant =
        post(
            "/v1/admin/tenants",
            Map.of("name", namePrefix + "-" + UUID.randomUUID(), "rate_limit_per_minute", 60000));
    if (tenant.status() != 201) {
      throw new IllegalStateException("cannot create a tenant: " + tenant);
    }
    Response key =
        post("/v1/admin/tenants/" + tenant.body().get("id").asString() + "/api-keys", Map.of());
    if (key.status() != 201) {
      throw new IllegalStateException("cannot create an API key: " + key);
    }
    return withKey(key.body().get("key").asString());
  }

  /**
   * With an admin client: like {@link #newTenant}, and the tenant may run at most {@code
   * maxConcurrentJobs} jobs at once.
   */
  PromptlyClient newCappedTenant(String namePrefix, int maxConcurrentJobs) {
    Response tenant =
        post(
            "/v1/admin/tenants",
            Map.of("name", namePrefix + "-" + UUID.randomUUID(), "rate_limit_per_minute", 60000));
    String id = tenant.body().get("id").asString();
    Response capped =
        put(
            "/v1/admin/tenants/" + id + "/concurrency",
            Map.of("max_concurrent_jobs", maxConcurrentJobs));
    if (capped.status() != 200) {
      throw new IllegalStateException("cannot cap a tenant: " + capped);
    }
    return withKey(
        post("/v1/admin/tenants/" + id + "/api-keys", Map.of()).body().get("key").asString());
  }

  Response put(String path, Object body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  Response post(String path, Object body) {
    return post(path, body, Map.of());
  }

  Response post(String path, Object body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(request::header);
    return send(request);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  private Response send(HttpRequest.Builder request) {
    request.header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(90));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), parse(response.body()), response.headers());
    } catch (IOException e) {
      throw new IllegalStateException("request to " + baseUrl + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    if (body.isEmpty()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      // Not ours (a proxy's page, a truncated body): keep the text for the failure message.
      return JSON.getNodeFactory().stringNode(body);
    }
  }

  record Response(int status, JsonNode body, HttpHeaders headers) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
