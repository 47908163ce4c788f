package dev.promptly.worker.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.worker.WorkerIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class ProviderCircuitsHealthIT extends WorkerIntegrationTest {
  @LocalServerPort int port;

  @Test
  void readinessReportsAnOpenCircuitButStaysReady() throws Exception {
    circuitBreakers
        .circuitBreaker(ProviderCircuits.nameOf(EMULATOR.baseUrl()))
        .transitionToOpenState();

    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body())
        .endsWith("\"status\":\"UP\"}")
        .contains("\"status\":\"CIRCUIT_OPEN\"");
  }

  @Test
  void readinessShowsClosedCircuitsAsUp() throws Exception {
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body())
        .contains("\"providerCircuits\":{\"status\":\"UP\"")
        .doesNotContain("CIRCUIT_OPEN");
  }

  @Test
  void livenessIgnoresDependenciesAndCircuits() throws Exception {
    circuitBreakers
        .circuitBreaker(ProviderCircuits.nameOf(EMULATOR.baseUrl()))
        .transitionToOpenState();

    HttpResponse<String> liveness = get("/actuator/health/liveness");

    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).doesNotContain("providerCircuits", "\"db\"", "\"rabbit\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
