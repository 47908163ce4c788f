package dev.promptly.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that talk to a running emulator over HTTP. Every subclass shares this exact
 * configuration, so Spring starts one server for all of them; the reset before each test gives
 * isolation instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EmulatorServerTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort protected int port;

  @Autowired protected JsonMapper jsonMapper;

  @BeforeEach
  void resetEmulator() {
    post("/emulator/reset", "");
  }

  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  protected HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  protected HttpResponse<String> put(String path, String json) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  protected HttpResponse<String> post(String path, String json) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  protected HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer test")
        .header("Content-Type", "application/json");
  }

  protected JsonNode json(HttpResponse<String> response) {
    return jsonMapper.readTree(response.body());
  }

  protected void configure(String json) {
    HttpResponse<String> response = put("/emulator/config", json);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("config rejected: " + response.body());
    }
  }
}
