package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebIT extends ApiIntegrationTest {

  @Test
  void echoesASaneRequestIdAndReplacesAnInsaneOne() {
    String key = aTenantKey();

    HttpResult echoed =
        api.send(
            "GET",
            "/v1/jobs",
            key,
            null,
            BodyPublishers.noBody(),
            Map.of("X-Request-Id", "abc-123"));
    HttpResult replaced =
        api.send(
            "GET",
            "/v1/jobs",
            key,
            null,
            BodyPublishers.noBody(),
            Map.of("X-Request-Id", "x".repeat(200)));

    assertThat(echoed.header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(replaced.header("X-Request-Id")).startsWith("req_").hasSizeLessThan(64);
  }

  @Test
  void unknownRouteIsANotFoundProblem() {
    HttpResult result = api.get("/v1/nothing-here", aTenantKey());

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.contentType()).startsWith("application/problem+json");
    assertThat(result.json().get("code").asString()).isEqualTo("not_found");
    assertThat(result.json().get("request_id").asString()).isEqualTo(result.header("X-Request-Id"));
  }

  @Test
  void theServletErrorPageIsAProblemToo() {
    HttpResult result = api.get("/error", null);

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.contentType()).startsWith("application/problem+json");
    assertThat(result.json().get("request_id").asString()).isEqualTo(result.header("X-Request-Id"));
  }

  @Test
  void servesTheOpenApiDocumentWithTheBearerSchemeAndJobRoutes() {
    HttpResult result = api.get("/v3/api-docs", null);

    assertThat(result.status()).isEqualTo(200);
    JsonNode doc = result.json();
    assertThat(doc.get("components").get("securitySchemes").get("api_key").get("scheme").asString())
        .isEqualTo("bearer");
    assertThat(doc.get("paths").propertyNames())
        .contains(
            "/v1/jobs",
            "/v1/jobs/{id}",
            "/v1/jobs/{id}/cancel",
            "/v1/admin/tenants",
            "/v1/admin/dead-letters",
            "/v1/admin/jobs/{id}/retry");
    assertThat(doc.get("paths").get("/v1/jobs").get("post").get("responses").has("202")).isTrue();
    JsonNode retry = doc.get("paths").get("/v1/admin/jobs/{id}/retry").get("post");
    assertThat(retry.get("responses").propertyNames()).contains("200", "404", "409");
    assertThat(retry.get("responses").get("200").get("content").findValue("$ref").asString())
        .endsWith("/Job");
    assertThat(retry.get("responses").get("409").get("content").findValue("$ref").asString())
        .endsWith("/Problem");
    JsonNode deadLetters = doc.get("paths").get("/v1/admin/dead-letters").get("get");
    assertThat(deadLetters.get("parameters").findValuesAsString("name"))
        .contains("tenant_id", "include_replayed", "after", "limit");
    assertThat(deadLetters.get("responses").get("200").get("content").findValue("$ref").asString())
        .endsWith("/DeadLetterList");
    assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
  }

  @Test
  void readinessCoversPostgresRabbitAndRedis() {
    HttpResult result = api.get("/actuator/health/readiness", null);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().get("status").asString()).isEqualTo("UP");
    assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    assertThat(api.get("/actuator/prometheus", null).body()).contains("http_server_requests");
  }
}
