package dev.promptly.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import dev.promptly.api.auth.ApiKeys;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AdminIT extends ApiIntegrationTest {
  @Autowired DevTenantBootstrap devTenant;

  @Test
  void createsATenantWithBudgetAndWebhookSecret() {
    HttpResult result =
        api.postJson(
            "/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\":\"acme-admin-it\",\"rate_limit_per_minute\":120,"
                + "\"budget\":{\"limit_usd\":50.25,\"period\":\"monthly\"}}");

    assertThat(result.status()).isEqualTo(201);
    JsonNode tenant = result.json();
    String id = tenant.get("id").asString();
    assertThat(id).startsWith("ten_");
    assertThat(result.header("Location")).isEqualTo("/v1/admin/tenants/" + id);
    assertThat(tenant.get("object").asString()).isEqualTo("tenant");
    assertThat(tenant.get("name").asString()).isEqualTo("acme-admin-it");
    assertThat(tenant.get("rate_limit_per_minute").asInt()).isEqualTo(120);
    assertThat(tenant.get("budget").get("limit_usd").asDouble()).isEqualTo(50.25);
    assertThat(tenant.get("budget").get("period").asString()).isEqualTo("monthly");
    String secret = tenant.get("webhook_secret").asString();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
    assertThat(tenant.get("created_at").asString()).endsWith("Z");
    Map<String, Object> budget =
        jdbc.sql("SELECT period, limit_micros FROM tenant_budgets WHERE tenant_id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(budget)
        .containsEntry("period", "monthly")
        .containsEntry("limit_micros", 50_250_000L);
  }

  @Test
  void aTenantNameCanBeTakenOnlyOnce() {
    api.postJson("/v1/admin/tenants", ADMIN_KEY, "{\"name\":\"twice\"}");

    HttpResult second = api.postJson("/v1/admin/tenants", ADMIN_KEY, "{\"name\":\"twice\"}");

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("code").asString()).isEqualTo("conflict");
  }

  @Test
  void refusesAnInvalidTenant() {
    HttpResult result =
        api.postJson(
            "/v1/admin/tenants",
            ADMIN_KEY,
            "{\"name\":\"\",\"rate_limit_per_minute\":0,\"budget\":{\"limit_usd\":-1,\"period\":\"weekly\"}}");

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("errors").findValuesAsString("field"))
        .containsExactly("name", "rate_limit_per_minute", "budget.limit_usd", "budget.period");
  }

  @Test
  void setsBudgetAndRateLimitOfATenant() {
    String id = aTenantId();

    HttpResult budget =
        api.putJson(
            "/v1/admin/tenants/" + id + "/budget",
            ADMIN_KEY,
            "{\"limit_usd\":5,\"period\":\"daily\"}");
    HttpResult rateLimit =
        api.putJson(
            "/v1/admin/tenants/" + id + "/rate-limit", ADMIN_KEY, "{\"rate_limit_per_minute\":30}");

    assertThat(budget.status()).isEqualTo(200);
    assertThat(budget.json().get("budget").get("limit_usd").asDouble()).isEqualTo(5.0);
    assertThat(budget.json().has("webhook_secret")).isFalse();
    assertThat(rateLimit.status()).isEqualTo(200);
    assertThat(rateLimit.json().get("rate_limit_per_minute").asInt()).isEqualTo(30);
    assertThat(rateLimit.json().get("read_rate_limit_per_minute").asInt()).isEqualTo(300);
    assertThat(rateLimit.json().get("budget").get("period").asString()).isEqualTo("daily");
  }

  @Test
  void theReadLimitIsSetBesideTheSubmissionLimitAndValidatedAlike() {
    String id =
        api.postJson(
                "/v1/admin/tenants", ADMIN_KEY, "{\"name\":\"reads-" + UUID.randomUUID() + "\"}")
            .json()
            .get("id")
            .asString();
    String route = "/v1/admin/tenants/" + id + "/rate-limit";

    HttpResult set =
        api.putJson(
            route, ADMIN_KEY, "{\"rate_limit_per_minute\":30,\"read_rate_limit_per_minute\":45}");
    HttpResult zero =
        api.putJson(
            route, ADMIN_KEY, "{\"rate_limit_per_minute\":30,\"read_rate_limit_per_minute\":0}");
    HttpResult text =
        api.putJson(
            route,
            ADMIN_KEY,
            "{\"rate_limit_per_minute\":30,\"read_rate_limit_per_minute\":\"many\"}");
    Integer afterRefusals =
        jdbc.sql("SELECT read_rate_limit_per_minute FROM tenants WHERE id = ?")
            .param(id)
            .query(Integer.class)
            .single();
    HttpResult reset = api.putJson(route, ADMIN_KEY, "{\"rate_limit_per_minute\":20}");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("read_rate_limit_per_minute").asInt()).isEqualTo(45);
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.json().get("errors").get(0).get("field").asString())
        .isEqualTo("read_rate_limit_per_minute");
    assertThat(text.status()).isEqualTo(400);
    // A refused request changed nothing.
    assertThat(afterRefusals).isEqualTo(45);
    // PUT replaces both: without the read limit it is the default again, ten times 20.
    assertThat(reset.json().get("read_rate_limit_per_minute").asInt()).isEqualTo(200);
  }

  @Test
  void theConcurrencyCapIsSetShownAndRemovedAndABadOneChangesNothing() {
    String id = aTenantId();
    String route = "/v1/admin/tenants/" + id + "/concurrency";

    HttpResult set = api.putJson(route, ADMIN_KEY, "{\"max_concurrent_jobs\":20}");
    HttpResult zero = api.putJson(route, ADMIN_KEY, "{\"max_concurrent_jobs\":0}");
    HttpResult text = api.putJson(route, ADMIN_KEY, "{\"max_concurrent_jobs\":\"20\"}");
    HttpResult fraction = api.putJson(route, ADMIN_KEY, "{\"max_concurrent_jobs\":2.5}");
    HttpResult absent = api.putJson(route, ADMIN_KEY, "{}");
    HttpResult unknown = api.putJson(route, ADMIN_KEY, "{\"max_concurrent\":3}");
    Integer afterRefusals =
        jdbc.sql("SELECT max_concurrent_jobs FROM tenants WHERE id = ?")
            .param(id)
            .query(Integer.class)
            .single();
    HttpResult removed = api.putJson(route, ADMIN_KEY, "{\"max_concurrent_jobs\":null}");

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("max_concurrent_jobs").asInt()).isEqualTo(20);
    for (HttpResult refused : List.of(zero, text, fraction, absent, unknown)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    }
    assertThat(absent.json().get("errors").get(0).get("field").asString())
        .isEqualTo("max_concurrent_jobs");
    assertThat(afterRefusals).isEqualTo(20);
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().get("max_concurrent_jobs").isNull()).isTrue();
    assertThat(
            api.putJson(
                    "/v1/admin/tenants/ten_missing/concurrency",
                    ADMIN_KEY,
                    "{\"max_concurrent_jobs\":1}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void theSemanticCacheSettingsAreSetOneAtATime() {
    String route = "/v1/admin/tenants/" + aTenantId() + "/cache";

    HttpResult byDefault = api.putJson(route, ADMIN_KEY, "{\"semantic_by_default\":true}");
    HttpResult anyTemperature =
        api.putJson(route, ADMIN_KEY, "{\"semantic_any_temperature\":true}");
    HttpResult text = api.putJson(route, ADMIN_KEY, "{\"semantic_by_default\":\"yes\"}");
    HttpResult unknown = api.putJson(route, ADMIN_KEY, "{\"semantic\":true}");

    assertThat(byDefault.status()).isEqualTo(200);
    assertThat(byDefault.json().get("semantic_by_default").asBoolean()).isTrue();
    assertThat(byDefault.json().get("semantic_any_temperature").asBoolean()).isFalse();
    assertThat(anyTemperature.json().get("semantic_by_default").asBoolean()).isTrue();
    assertThat(anyTemperature.json().get("semantic_any_temperature").asBoolean()).isTrue();
    assertThat(text.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(
            api.putJson(
                    "/v1/admin/tenants/ten_missing/cache",
                    ADMIN_KEY,
                    "{\"semantic_by_default\":true}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void unknownTenantsAndKeysAreNotFound() {
    String missing = "/v1/admin/tenants/ten_missing";

    assertThat(api.post(missing + "/api-keys", ADMIN_KEY).status()).isEqualTo(404);
    assertThat(
            api.putJson(missing + "/budget", ADMIN_KEY, "{\"limit_usd\":1,\"period\":\"daily\"}")
                .status())
        .isEqualTo(404);
    assertThat(
            api.putJson(missing + "/rate-limit", ADMIN_KEY, "{\"rate_limit_per_minute\":1}")
                .status())
        .isEqualTo(404);
    assertThat(api.delete("/v1/admin/api-keys/key_missing", ADMIN_KEY).status()).isEqualTo(404);
  }

  @Test
  void issuedKeyWorksAndIsStoredOnlyAsAHash() {
    String tenant = aTenantId();

    HttpResult issued = api.post("/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY);

    assertThat(issued.status()).isEqualTo(201);
    JsonNode key = issued.json();
    String plain = key.get("key").asString();
    assertThat(key.get("id").asString()).startsWith("key_");
    assertThat(key.get("object").asString()).isEqualTo("api_key");
    assertThat(plain).matches("pk_[A-Za-z0-9_-]{43}");
    assertThat(key.get("prefix").asString()).isEqualTo(plain.substring(0, 10));
    assertThat(api.get("/v1/jobs", plain).status()).isEqualTo(200);
    Map<String, Object> row =
        jdbc.sql("SELECT key_hash, key_prefix FROM api_keys WHERE id = :id")
            .param("id", key.get("id").asString())
            .query()
            .singleRow();
    assertThat(row.get("key_hash").toString()).hasSize(64).isNotEqualTo(plain);
    assertThat(row).containsEntry("key_prefix", plain.substring(0, 10));
  }

  @Test
  void revokedKeyStopsWorkingAtOnce() {
    HttpResult issued = api.post("/v1/admin/tenants/" + aTenantId() + "/api-keys", ADMIN_KEY);
    String plain = issued.json().get("key").asString();
    String keyId = issued.json().get("id").asString();
    assertThat(api.get("/v1/jobs", plain).status()).isEqualTo(200);

    HttpResult revoked = api.delete("/v1/admin/api-keys/" + keyId, ADMIN_KEY);

    assertThat(revoked.status()).isEqualTo(204);
    HttpResult refused = api.get("/v1/jobs", plain);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("code").asString()).isEqualTo("unauthorized");
    assertThat(api.delete("/v1/admin/api-keys/" + keyId, ADMIN_KEY).status()).isEqualTo(204);
  }

  @Test
  void listsATenantsKeysWithPrefixesButNeverTheKeysOrHashes() {
    String tenant = aTenantId();
    JsonNode first = api.post("/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY).json();
    JsonNode second = api.post("/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY).json();
    api.delete("/v1/admin/api-keys/" + first.get("id").asString(), ADMIN_KEY);

    HttpResult listed = api.get("/v1/admin/tenants/" + tenant + "/api-keys", ADMIN_KEY);

    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().get("object").asString()).isEqualTo("list");
    JsonNode keys = listed.json().get("data");
    assertThat(keys.findValuesAsString("id"))
        .containsExactly(first.get("id").asString(), second.get("id").asString());
    assertThat(keys.findValuesAsString("prefix"))
        .containsExactly(first.get("prefix").asString(), second.get("prefix").asString());
    assertThat(keys.get(0).get("revoked_at").asString()).endsWith("Z");
    assertThat(keys.get(1).get("revoked_at").isNull()).isTrue();
    assertThat(keys.get(0).propertyNames())
        .containsExactly("id", "object", "prefix", "created_at", "revoked_at");
    assertThat(listed.body())
        .doesNotContain(first.get("key").asString(), second.get("key").asString())
        .doesNotContain(ApiKeys.hash(second.get("key").asString()));
    assertThat(api.get("/v1/admin/tenants/ten_missing/api-keys", ADMIN_KEY).status())
        .isEqualTo(404);
  }

  @Test
  void adminRoutesRefuseMissingAndWrongKeys() {
    assertThat(api.postJson("/v1/admin/tenants", null, "{\"name\":\"x\"}").status()).isEqualTo(401);
    assertThat(api.postJson("/v1/admin/tenants", ADMIN_KEY + "x", "{\"name\":\"x\"}").status())
        .isEqualTo(401);
  }

  @Test
  void devTenantExistsWithTheConfiguredKeyAndSurvivesARestart() {
    devTenant.ensureDevTenant(DEV_KEY);
    devTenant.ensureDevTenant(DEV_KEY);

    assertThat(api.get("/v1/jobs", DEV_KEY).status()).isEqualTo(200);
    assertThat(tenantOfKey(DEV_KEY)).isEqualTo("ten_dev");
    assertThat(
            jdbc.sql("SELECT count(*) FROM api_keys WHERE tenant_id = 'ten_dev'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
