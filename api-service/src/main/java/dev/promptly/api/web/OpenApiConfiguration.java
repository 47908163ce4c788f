package dev.promptly.api.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header, the bearer API-key scheme, and the shared problem response. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  private static final String SECURITY_SCHEME = "api_key";
  private static final String PROBLEM = "Problem";

  @Bean
  OpenAPI promptlyOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Promptly API")
                .version("v1")
                .description(
                    "Asynchronous LLM jobs: submit a job, get its id at once, poll or wait for"
                        + " the result. Errors are RFC 9457 problem documents."))
        .components(
            new Components()
                .addSecuritySchemes(
                    SECURITY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("A tenant API key (pk_...), or the admin key for /v1/admin"))
                .addSchemas(PROBLEM, problemSchema()))
        .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
  }

  /** Every operation can fail with a problem document; say so once for all of them. */
  @Bean
  OpenApiCustomizer problemResponses() {
    ApiResponse problem =
        new ApiResponse()
            .description("An error, as an RFC 9457 problem document")
            .content(
                new Content()
                    .addMediaType(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref(PROBLEM))));
    return openApi ->
        openApi.getPaths().values().stream()
            .flatMap(path -> path.readOperations().stream())
            .forEach(operation -> operation.getResponses().addApiResponse("default", problem));
  }

  private static Schema<?> problemSchema() {
    Schema<?> fieldProblem =
        new ObjectSchema()
            .addProperty("field", new StringSchema().example("input.messages[0].role"))
            .addProperty("message", new StringSchema());
    return new ObjectSchema()
        .addProperty("type", new StringSchema().format("uri"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty("code", new StringSchema().example("invalid_request"))
        .addProperty("request_id", new StringSchema())
        .addProperty("errors", new ArraySchema().items(fieldProblem));
  }
}
