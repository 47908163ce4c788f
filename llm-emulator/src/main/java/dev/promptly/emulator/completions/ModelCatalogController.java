package dev.promptly.emulator.completions;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.EmulatorProperties;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the configured names. Completions accept any model name regardless. */
@RestController
class ModelCatalogController {

  // A fixed date keeps the listing byte-for-byte stable across restarts.
  private static final long CREATED = 1_700_000_000L;

  private final ApiKeyVerifier apiKeys;
  private final EmulatorProperties properties;

  ModelCatalogController(ApiKeyVerifier apiKeys, EmulatorProperties properties) {
    this.apiKeys = apiKeys;
    this.properties = properties;
  }

  @GetMapping("/v1/models")
  ModelList models(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    apiKeys.verify(authorization);
    return new ModelList(
        "list",
        properties.models().stream()
            .map(id -> new Model(id, "model", CREATED, "promptly-emulator"))
            .toList());
  }

  record ModelList(@JsonProperty("object") String object, @JsonProperty("data") List<Model> data) {}

  record Model(
      @JsonProperty("id") String id,
      @JsonProperty("object") String object,
      @JsonProperty("created") long created,
      @JsonProperty("owned_by") String ownedBy) {}
}
