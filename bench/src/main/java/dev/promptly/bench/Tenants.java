package dev.promptly.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Makes each scenario its own tenant through the admin API: its jobs are told apart from every
 * other scenario's by tenant, and its rate limit is raised far above what the machine can submit,
 * so the limiter is measured as it runs but never refuses.
 */
final class Tenants {
  /** A tenant and the API key to submit its jobs with. */
  record Tenant(String id, String apiKey) {}

  static final int RATE_LIMIT_PER_MINUTE = 1_000_000;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String apiBaseUrl;
  private final String adminKey;

  Tenants(String apiBaseUrl, String adminKey) {
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException("the admin key is missing (PROMPTLY_ADMIN_API_KEY)");
    }
    this.apiBaseUrl = apiBaseUrl;
    this.adminKey = adminKey;
  }

  Tenant create(String name) {
    JsonNode tenant =
        post(
            "/v1/admin/tenants",
            Map.of("name", name, "rate_limit_per_minute", RATE_LIMIT_PER_MINUTE));
    String id = tenant.get("id").asString();
    JsonNode key = post("/v1/admin/tenants/" + id + "/api-keys", Map.of());
    return new Tenant(id, key.get("key").asString());
  }

  private JsonNode post(String path, Map<String, Object> body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(apiBaseUrl + path))
            .header("Authorization", "Bearer " + adminKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException(
            "POST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the API at " + apiBaseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
