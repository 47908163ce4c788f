package dev.promptly.worker.schema;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker checks, at startup, that the database schema is the one it was built for.
 *
 * @param schemaWait how long to wait for the API to apply pending migrations before giving up
 * @param schemaPollInterval pause between two checks while waiting
 * @param schemaLocations where the migrations this worker needs are on its classpath
 */
@Validated
@ConfigurationProperties("promptly.worker")
public record SchemaProperties(
    @DefaultValue("60s") @NotNull Duration schemaWait,
    @DefaultValue("2s") @NotNull Duration schemaPollInterval,
    @DefaultValue("classpath:db/migration") @NotEmpty List<String> schemaLocations) {

  public SchemaProperties {
    schemaLocations = List.copyOf(schemaLocations);
  }
}
