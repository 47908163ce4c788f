package dev.promptly.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ActiveKeyCacheIT extends ApiIntegrationTest {
  @Autowired MeterRegistry meters;

  @Test
  void aKeyUsedAgainIsAuthenticatedWithoutAskingPostgres() {
    String key = aTenantKey();
    api.get("/v1/jobs", key);
    double hits = lookups("cache");
    double queries = lookups("database");

    api.get("/v1/jobs", key);
    api.get("/v1/jobs", key);

    assertThat(lookups("cache")).isEqualTo(hits + 2);
    assertThat(lookups("database")).isEqualTo(queries);
  }

  @Test
  void aWrongKeyIsAskedOfPostgresEveryTime() {
    double queries = lookups("database");

    api.get("/v1/jobs", "pk_notakeyatall");
    api.get("/v1/jobs", "pk_notakeyatall");

    assertThat(lookups("database")).isEqualTo(queries + 2);
  }

  private double lookups(String source) {
    return meters.counter("promptly.api.key.lookups", "source", source).count();
  }
}
