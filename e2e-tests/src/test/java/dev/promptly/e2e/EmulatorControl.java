package dev.promptly.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The LLM emulator's control API: scripted latency and faults, and what it answered. */
final class EmulatorControl {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  EmulatorControl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Changes the given settings ({@code latency_ms}, {@code outage}, …) and keeps the others. */
  void configure(Map<String, Object> settings) {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/emulator/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(settings))));
  }

  /** Back to the startup settings, with zeroed stats and an empty rate-limit window. */
  void reset() {
    send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/emulator/reset"))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** How many completion requests were answered with {@code outcome} since the last reset. */
  long answered(String outcome) {
    return stats().path("by_outcome").path(outcome).asLong();
  }

  /** How many provider batches were created since the last reset. */
  long batchesCreated() {
    return stats().path("batches").path("batches_created").asLong();
  }

  /** The most completion requests the emulator answered at once since the last reset. */
  int mostInFlight() {
    return stats().path("most_in_flight").asInt();
  }

  private JsonNode stats() {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/emulator/stats")).GET());
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "emulator answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the emulator at " + baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
