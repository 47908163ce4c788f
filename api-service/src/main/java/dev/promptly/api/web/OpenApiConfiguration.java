package dev.promptly.api.web;

import dev.promptly.api.ratelimit.RateLimitHeaders;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The OpenAPI document's header, the bearer API-key scheme, the problem schema and the response
 * headers routes share; {@link OpenApiResponses} attaches the error responses to each route.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  static final String PROBLEM = "Problem";
  private static final String SECURITY_SCHEME = "api_key";

  @Bean
  OpenAPI promptlyOpenApi() {
    Components components =
        new Components()
            .addSecuritySchemes(
                SECURITY_SCHEME,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("A tenant API key (pk_...), or the admin key for /v1/admin"))
            .addSchemas(PROBLEM, problemSchema());
    addHeader(components, RequestIdFilter.HEADER, "The request's id: the caller's, or a new one");
    addHeader(components, HttpHeaders.RETRY_AFTER, "Seconds to wait before trying again");
    addHeader(components, RateLimitHeaders.LIMIT, "The tenant's requests per minute (the burst)");
    addHeader(components, RateLimitHeaders.REMAINING, "Requests the tenant may still make now");
    addHeader(components, RateLimitHeaders.RESET, "Seconds until the allowance is full again");
    addHeader(components, HttpHeaders.LOCATION, "The path of the created resource");
    addHeader(
        components, "Idempotent-Replayed", "true when the job was created by an earlier request");
    return new OpenAPI()
        .info(
            new Info()
                .title("Promptly API")
                .version("v1")
                .description(
                    "Asynchronous LLM jobs: submit a job, get its id at once, poll or wait for the"
                        + " result. Errors are RFC 9457 problem documents with a code and the"
                        + " request_id; every response carries X-Request-Id. Tenant routes are rate"
                        + " limited per tenant (a token bucket of rate_limit_per_minute, refilled"
                        + " continuously) and send RateLimit-Limit, RateLimit-Remaining and"
                        + " RateLimit-Reset."))
        .components(components)
        .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
  }

  private static void addHeader(Components components, String name, String description) {
    Schema<?> schema =
        name.startsWith("RateLimit") || name.equals(HttpHeaders.RETRY_AFTER)
            ? new IntegerSchema()
            : new StringSchema();
    components.addHeaders(name, new Header().description(description).schema(schema));
  }

  private static Schema<?> problemSchema() {
    Schema<?> fieldProblem =
        new ObjectSchema()
            .addProperty("field", new StringSchema().example("input.messages[0].role"))
            .addProperty("message", new StringSchema().example("must be one of: system, user"));
    return new ObjectSchema()
        .description("An RFC 9457 problem document")
        .addProperty("type", new StringSchema().format("uri"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty("code", new StringSchema().example("invalid_request"))
        .addProperty(
            "request_id", new StringSchema().example("req_3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60"))
        .addProperty(
            "errors",
            new ArraySchema()
                .items(fieldProblem)
                .description("The invalid fields, for invalid_request"));
  }
}
