package dev.promptly.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The generated OpenAPI document covers API.md. API.md lives outside the repository, so its routes
 * and fields are copied here; when API.md changes, change these lists with it.
 */
class OpenApiContractIT extends ApiIntegrationTest {
  /** API.md's routes that exist. */
  static final List<String> ROUTES =
      List.of(
          "POST /v1/jobs",
          "GET /v1/jobs",
          "GET /v1/jobs/{id}",
          "POST /v1/jobs/{id}/cancel",
          "GET /v1/jobs/{id}/events",
          "POST /v1/batches",
          "GET /v1/batches",
          "GET /v1/batches/{id}",
          "POST /v1/batches/{id}/cancel",
          "GET /v1/batches/{id}/results",
          "GET /v1/batches/{id}/events",
          "POST /v1/admin/tenants",
          "POST /v1/admin/tenants/{id}/api-keys",
          "DELETE /v1/admin/api-keys/{key_id}",
          "PUT /v1/admin/tenants/{id}/budget",
          "PUT /v1/admin/tenants/{id}/rate-limit",
          "PUT /v1/admin/tenants/{id}/concurrency",
          "GET /v1/admin/dead-letters",
          "POST /v1/admin/jobs/{id}/retry",
          "GET /v1/jobs/{id}/deliveries",
          "GET /v1/usage");

  /** Routes the API has beyond API.md. */
  static final List<String> BEYOND_API_MD =
      List.of(
          "GET /v1/admin/tenants/{id}/api-keys",
          "GET /v1/models",
          "POST /v1/admin/jobs/{id}/webhook/redeliver",
          "POST /v1/admin/tenants/{id}/webhook-secret/rotate",
          // The semantic cache's tenant settings (issue 21); API.md does not list it yet.
          "PUT /v1/admin/tenants/{id}/cache");

  static final List<String> JOB_FIELDS =
      List.of(
          "id",
          "object",
          "kind",
          "status",
          "model",
          "priority",
          "attempts",
          "max_attempts",
          "created_at",
          "started_at",
          "finished_at",
          "result",
          "error",
          "usage",
          "cached",
          "cancel_requested",
          "metadata",
          "webhook_url",
          "batch_id",
          "custom_id",
          "route",
          "waiting_for");
  static final List<String> BATCH_FIELDS =
      List.of(
          "id",
          "object",
          "status",
          "counts",
          "usage",
          "completion_window",
          "metadata",
          "webhook_url",
          "created_at",
          "completed_at");
  static final List<String> BATCH_COUNTS =
      List.of("total", "queued", "running", "retry_scheduled", "succeeded", "failed", "cancelled");
  static final List<String> USAGE_FIELDS =
      List.of("prompt_tokens", "completion_tokens", "total_tokens", "cost_usd");
  static final List<String> STATUSES =
      List.of("queued", "running", "retry_scheduled", "succeeded", "failed", "cancelled");
  static final List<String> ERROR_CODES =
      List.of(
          "budget_exceeded",
          "attempts_exhausted",
          "provider_rejected",
          "context_length_exceeded",
          "timeout",
          "invalid_request");
  static final List<String> REQUEST_FIELDS =
      List.of(
          "kind",
          "input",
          "model",
          "priority",
          "cache",
          "on_budget_exhausted",
          "webhook_url",
          "metadata",
          "max_attempts",
          "timeout_seconds",
          "completion_window");
  static final List<String> PROBLEM_FIELDS =
      List.of("type", "title", "status", "detail", "instance", "code", "request_id", "errors");

  private JsonNode doc;

  @BeforeEach
  void readTheDocument() {
    doc = api.get("/v3/api-docs", null).json();
  }

  @Test
  void everyRouteOfApiMdIsDocumentedAndNothingElse() {
    Set<String> expected = new LinkedHashSet<>(ROUTES);
    expected.addAll(BEYOND_API_MD);

    assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theJobResourceHasEveryFieldOfApiMd() {
    JsonNode job = schema("Job");

    assertThat(job.get("properties").propertyNames()).containsExactlyElementsOf(JOB_FIELDS);
    assertThat(values(job, "status")).containsExactlyElementsOf(STATUSES);
    assertThat(values(job, "kind")).containsExactly("summarize", "chat");
    assertThat(values(job, "priority")).containsExactly("low", "normal", "high");
    assertThat(schema("Usage").get("properties").propertyNames())
        .containsExactlyElementsOf(USAGE_FIELDS);
    assertThat(values(schema("JobError"), "code")).containsExactlyElementsOf(ERROR_CODES);
    assertThat(schema("JobList").get("properties").propertyNames())
        .containsExactly("object", "data", "has_more", "next_cursor");
  }

  @Test
  void theBatchResourceHasEveryFieldOfApiMd() {
    JsonNode batch = schema("Batch");

    assertThat(batch.get("properties").propertyNames()).containsExactlyElementsOf(BATCH_FIELDS);
    assertThat(values(batch, "status")).containsExactly("running", "completed", "cancelled");
    assertThat(schema("BatchCounts").get("properties").propertyNames())
        .containsExactlyElementsOf(BATCH_COUNTS);
    assertThat(schema("BatchRequest").get("properties").propertyNames())
        .containsExactly("jobs", "webhook_url", "metadata", "completion_window");
    assertThat(parameters("GET /v1/jobs")).contains("batch_id");
    assertThat(parameters("POST /v1/batches")).contains("Idempotency-Key");
  }

  @Test
  void theJobRequestHasEveryFieldOfApiMdWithExamples() {
    JsonNode request = schema("JobRequest");

    assertThat(request.get("properties").propertyNames()).containsExactlyElementsOf(REQUEST_FIELDS);
    assertThat(request.get("required").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("kind", "input");
    assertThat(schema("SummarizeInput").get("properties").propertyNames())
        .containsExactly("text", "style", "max_words");
    assertThat(values(schema("SummarizeInput"), "style"))
        .containsExactly("bullets", "paragraph", "tldr");
    assertThat(schema("ChatInput").get("properties").propertyNames())
        .containsExactly("messages", "temperature", "max_tokens");
    assertThat(values(schema("ChatMessage"), "role"))
        .containsExactly("system", "user", "assistant");
    JsonNode body = operation("POST /v1/jobs").get("requestBody").get("content");
    assertThat(body.findValue("examples").propertyNames()).contains("summarize", "chat");
  }

  @Test
  void theAdminBodiesHaveTheirFields() {
    assertThat(schema("CreateTenantRequest").get("properties").propertyNames())
        .contains("name", "rate_limit_per_minute", "budget");
    assertThat(schema("Budget").get("properties").propertyNames()).contains("limit_usd", "period");
    assertThat(schema("Tenant").get("properties").propertyNames())
        .contains("id", "rate_limit_per_minute", "webhook_secret");
    assertThat(schema("ApiKey").get("properties").propertyNames()).contains("id", "key");
    assertThat(schema("StoredApiKey").get("properties").propertyNames())
        .containsExactly("id", "object", "prefix", "created_at", "revoked_at");
    assertThat(schema("RateLimitRequest").get("properties").propertyNames())
        .contains("rate_limit_per_minute");
  }

  @Test
  void theQueryAndHeaderParametersOfApiMdAreDocumented() {
    assertThat(parameters("GET /v1/jobs")).contains("status", "kind", "limit", "after");
    assertThat(parameters("GET /v1/jobs/{id}")).contains("id", "wait");
    assertThat(parameters("POST /v1/jobs")).contains("Idempotency-Key");
  }

  @Test
  void everyRouteDocumentsItsErrorsAsProblemsWithTheirHeaders() {
    assertThat(schema("Problem").get("properties").propertyNames())
        .containsExactlyElementsOf(PROBLEM_FIELDS);
    for (String route : documentedRoutes()) {
      JsonNode responses = operation(route).get("responses");
      boolean admin = route.contains("/v1/admin");

      assertThat(responses.propertyNames()).as(route).contains("401", "403", "503", "default");
      assertThat(responses.get("401").get("content").findValue("$ref").asString())
          .endsWith("/Problem");
      assertThat(responses.get("503").get("headers").propertyNames()).contains("Retry-After");
      responses.forEach(
          response ->
              assertThat(response.get("headers").propertyNames())
                  .as(route)
                  .contains("X-Request-Id"));
      if (!admin) {
        assertThat(responses.get("429").get("headers").propertyNames())
            .as(route)
            .contains("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset");
        assertThat(responses.get("429").findValue("example").get("code").asString())
            .isEqualTo("rate_limited");
      }
      if (route.contains("{")) {
        assertThat(responses.propertyNames()).as(route).contains("404");
      }
    }
    JsonNode submit = operation("POST /v1/jobs").get("responses");
    assertThat(submit.propertyNames()).contains("202", "400", "409", "413", "415", "429");
    assertThat(submit.get("202").get("headers").propertyNames())
        .contains("Location", "Idempotent-Replayed", "RateLimit-Remaining");
    assertThat(submit.get("409").findValue("example").get("code").asString())
        .isEqualTo("idempotency_key_reused");
    assertThat(
            operation("POST /v1/jobs/{id}/cancel")
                .get("responses")
                .get("409")
                .findValue("example")
                .get("code")
                .asString())
        .isEqualTo("job_finished");
  }

  @Test
  void swaggerUiIsServed() {
    assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
  }

  private List<String> documentedRoutes() {
    List<String> routes = new ArrayList<>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .propertyNames()
                    .forEach(method -> routes.add(method.toUpperCase() + " " + path.getKey())));
    return routes;
  }

  private JsonNode operation(String route) {
    String[] parts = route.split(" ");
    return doc.get("paths").get(parts[1]).get(parts[0].toLowerCase());
  }

  private List<String> parameters(String route) {
    List<String> names = new ArrayList<>();
    operation(route).get("parameters").forEach(p -> names.add(p.get("name").asString()));
    return names;
  }

  private JsonNode schema(String name) {
    return doc.get("components").get("schemas").get(name);
  }

  private static List<String> values(JsonNode schema, String property) {
    List<String> values = new ArrayList<>();
    schema.get("properties").get(property).get("enum").forEach(v -> values.add(v.asString()));
    return values;
  }
}
