package dev.promptly.api.web;

import dev.promptly.api.ratelimit.RateLimitHeaders;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Attaches to every route the error responses it can give, each with a problem example, and the
 * headers its responses carry. They follow from what a route is (admin or tenant, with a body, with
 * a path id), so a new route is documented like the others without anyone remembering to.
 */
@Component
class OpenApiResponses implements OpenApiCustomizer {
  private static final String HEADERS = "#/components/headers/";
  private static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
  private static final List<String> RATE_LIMIT_HEADERS =
      List.of(RateLimitHeaders.LIMIT, RateLimitHeaders.REMAINING, RateLimitHeaders.RESET);
  // Conflicts are specific to a route: its 409 and the code it carries.
  private static final Map<String, String> CONFLICTS =
      Map.of(
          "POST /v1/jobs", "idempotency_key_reused",
          "POST /v1/jobs/{id}/cancel", "job_finished",
          "POST /v1/admin/tenants", "conflict");

  @Override
  public void customise(OpenAPI openApi) {
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, operation) -> document(method, path, operation)));
  }

  private static void document(PathItem.HttpMethod method, String path, Operation operation) {
    boolean admin = path.startsWith("/v1/admin");
    boolean body = operation.getRequestBody() != null;
    boolean query =
        operation.getParameters() != null
            && operation.getParameters().stream().anyMatch(p -> "query".equals(p.getIn()));
    ApiResponses responses = operation.getResponses();
    if (body || query) {
      add(
          responses,
          path,
          HttpStatus.BAD_REQUEST,
          "invalid_request",
          "Invalid fields or malformed JSON");
    }
    add(
        responses,
        path,
        HttpStatus.UNAUTHORIZED,
        "unauthorized",
        "Missing, unknown or revoked key");
    add(
        responses,
        path,
        HttpStatus.FORBIDDEN,
        "forbidden",
        admin ? "A tenant key on an admin route" : "The admin key on a tenant route");
    if (path.contains("{")) {
      add(responses, path, HttpStatus.NOT_FOUND, "not_found", "No such resource for this caller");
    }
    String conflict = CONFLICTS.get(method + " " + path);
    if (conflict != null) {
      add(responses, path, HttpStatus.CONFLICT, conflict, conflict.replace('_', ' '));
    }
    if (body) {
      add(
          responses,
          path,
          HttpStatus.PAYLOAD_TOO_LARGE,
          "payload_too_large",
          "Body over the limit");
      add(
          responses,
          path,
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "Not application/json");
    }
    if (!admin) {
      add(
              responses,
              path,
              HttpStatus.TOO_MANY_REQUESTS,
              "rate_limited",
              "The tenant's bucket is empty")
          .addHeaderObject(HttpHeaders.RETRY_AFTER, header(HttpHeaders.RETRY_AFTER));
    }
    add(responses, path, HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "A dependency is down")
        .addHeaderObject(HttpHeaders.RETRY_AFTER, header(HttpHeaders.RETRY_AFTER));
    responses.addApiResponse("default", problem("Any other error"));
    responses.forEach(
        (status, response) -> {
          response.addHeaderObject(RequestIdFilter.HEADER, header(RequestIdFilter.HEADER));
          if (!admin) {
            RATE_LIMIT_HEADERS.forEach(name -> response.addHeaderObject(name, header(name)));
          }
        });
    documentCreation(method, path, responses);
  }

  private static void documentCreation(
      PathItem.HttpMethod method, String path, ApiResponses responses) {
    if (method == PathItem.HttpMethod.POST && path.equals("/v1/jobs")) {
      responses
          .get("202")
          .addHeaderObject(HttpHeaders.LOCATION, header(HttpHeaders.LOCATION))
          .addHeaderObject(IDEMPOTENT_REPLAYED, header(IDEMPOTENT_REPLAYED));
    }
    if (method == PathItem.HttpMethod.POST && path.equals("/v1/admin/tenants")) {
      responses.get("201").addHeaderObject(HttpHeaders.LOCATION, header(HttpHeaders.LOCATION));
    }
  }

  /** Adds the problem response unless the route documents that status itself. */
  private static ApiResponse add(
      ApiResponses responses, String path, HttpStatus status, String code, String description) {
    String key = Integer.toString(status.value());
    ApiResponse existing = responses.get(key);
    if (existing != null) {
      return existing;
    }
    ApiResponse response = problem(code + ": " + description);
    Map<String, Object> example =
        Problems.body(
            status,
            code,
            description + ".",
            path,
            "req_3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60",
            List.of());
    response
        .getContent()
        .get(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE)
        .setExample(example);
    responses.addApiResponse(key, response);
    return response;
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new MediaType().schema(new Schema<>().$ref(OpenApiConfiguration.PROBLEM))));
  }

  private static Header header(String name) {
    return new Header().$ref(HEADERS + name);
  }
}
