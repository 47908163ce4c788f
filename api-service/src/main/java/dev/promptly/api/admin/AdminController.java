package dev.promptly.api.admin;

import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Operator routes under {@code /v1/admin}; the admin key is checked before any of them runs. */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "admin", description = "Tenants, budgets, rate limits and API keys (admin key only)")
class AdminController {
  private final TenantAdministration administration;
  private final StrictJson json;

  AdminController(TenantAdministration administration, StrictJson json) {
    this.administration = administration;
    this.json = json;
  }

  @Operation(summary = "Create a tenant; its webhook secret is shown only in this response")
  @ApiResponse(responseCode = "201", description = "Created")
  @PostMapping(path = "/tenants", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AdminResources.Tenant> createTenant(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(schema = @Schema(implementation = AdminRequests.CreateTenant.class)))
          @RequestBody
          byte[] body) {
    AdminRequests.CreateTenant request = read(body, AdminRequests.CreateTenant.class);
    requireValid(request.problems());
    AdminResources.Tenant tenant = administration.create(request);
    return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.id())).body(tenant);
  }

  @Operation(summary = "Set a tenant's budget")
  @PutMapping(path = "/tenants/{id}/budget", consumes = MediaType.APPLICATION_JSON_VALUE)
  AdminResources.Tenant setBudget(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = AdminRequests.Budget.class)))
          @RequestBody
          byte[] body) {
    AdminRequests.Budget budget = read(body, AdminRequests.Budget.class);
    requireValid(budget.problems(""));
    return administration.setBudget(id, budget);
  }

  @Operation(summary = "Set a tenant's request rate limit")
  @PutMapping(path = "/tenants/{id}/rate-limit", consumes = MediaType.APPLICATION_JSON_VALUE)
  AdminResources.Tenant setRateLimit(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = AdminRequests.RateLimit.class)))
          @RequestBody
          byte[] body) {
    AdminRequests.RateLimit request = read(body, AdminRequests.RateLimit.class);
    requireValid(request.problems());
    return administration.setRateLimit(
        id, request.rateLimitPerMinute(), request.readRateLimitPerMinute());
  }

  @Operation(
      summary = "Set a tenant's semantic cache settings",
      description =
          "semantic_by_default: its jobs submitted with cache exact (the default) use the semantic"
              + " cache too; semantic_any_temperature: sampling requests may be answered from it."
              + " An absent field keeps its value.")
  @PutMapping(path = "/tenants/{id}/cache", consumes = MediaType.APPLICATION_JSON_VALUE)
  AdminResources.CacheSettings setCache(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(schema = @Schema(implementation = AdminRequests.CacheSettings.class)))
          @RequestBody
          byte[] body) {
    AdminRequests.CacheSettings request = read(body, AdminRequests.CacheSettings.class);
    return administration.setCacheSettings(
        id, request.semanticByDefault(), request.semanticAnyTemperature());
  }

  @Operation(
      summary = "Cap how many of a tenant's jobs run at once",
      description =
          "Counted across all workers; the tenant's other jobs wait with waiting_for"
              + " tenant_concurrency, without using attempts, and start as its running jobs end."
              + " The field is required: null removes the cap.")
  @PutMapping(path = "/tenants/{id}/concurrency", consumes = MediaType.APPLICATION_JSON_VALUE)
  AdminResources.Tenant setConcurrency(
      @PathVariable String id,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(schema = @Schema(implementation = AdminRequests.Concurrency.class)))
          @RequestBody
          byte[] body) {
    JsonNode object = json.readObject(body);
    if (!object.has("max_concurrent_jobs")) {
      // Absent is not null: a client that forgot the field must not lift the cap by accident.
      requireValid(
          List.of(new FieldProblem("max_concurrent_jobs", "is required; null for no cap")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    AdminRequests.Concurrency request =
        json.bind(object, AdminRequests.Concurrency.class, "", problems)
            .map(StrictJson.Bound::value)
            .orElse(null);
    requireValid(problems);
    requireValid(request.problems());
    return administration.setConcurrency(id, request.maxConcurrentJobs());
  }

  @Operation(
      summary = "Issue an API key for a tenant; the plain key is shown only in this response")
  @PostMapping("/tenants/{id}/api-keys")
  @ResponseStatus(HttpStatus.CREATED)
  AdminResources.ApiKey issueKey(@PathVariable String id) {
    return administration.issueKey(id);
  }

  @Operation(
      summary = "List a tenant's API keys",
      description =
          "Every key of the tenant, revoked ones included, oldest first: id, prefix and times, so"
              + " support can tell which key a client uses. Never the key or its hash.")
  @GetMapping("/tenants/{id}/api-keys")
  AdminResources.KeyList listKeys(@PathVariable String id) {
    return administration.listKeys(id);
  }

  @Operation(summary = "Revoke an API key; it stops working at once, on every replica")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @DeleteMapping("/api-keys/{key_id}")
  ResponseEntity<Void> revokeKey(@PathVariable("key_id") String keyId) {
    administration.revokeKey(keyId);
    return ResponseEntity.noContent().build();
  }

  private <T> T read(byte[] body, Class<T> type) {
    List<FieldProblem> problems = new ArrayList<>();
    Optional<StrictJson.Bound<T>> bound = json.bind(json.readObject(body), type, "", problems);
    requireValid(problems);
    return bound.orElseThrow().value();
  }

  private static void requireValid(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
  }
}
