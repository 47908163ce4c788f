package dev.promptly.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import org.junit.jupiter.api.Test;

class RateLimitIT extends ApiIntegrationTest {

  @Test
  void tenantRoutesSayHowMuchOfTheLimitIsLeft() {
    String key = aKeyOf(aTenantIdLimitedTo(600));

    HttpResult submitted = api.postJson("/v1/jobs", key, SUMMARIZE);
    HttpResult read = api.get("/v1/jobs", key);

    assertThat(submitted.status()).isEqualTo(202);
    assertThat(submitted.header("RateLimit-Limit")).isEqualTo("600");
    assertThat(submitted.header("RateLimit-Remaining")).isEqualTo("599");
    assertThat(Long.parseLong(submitted.header("RateLimit-Reset"))).isBetween(1L, 60L);
    // Reads have a bucket of their own, by default ten times the submission limit.
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("RateLimit-Limit")).isEqualTo("6000");
    assertThat(read.header("RateLimit-Remaining")).isEqualTo("5999");
  }

  @Test
  void aTenantAtItsSubmissionLimitCanStillReadItsJobs() {
    String tenant = aTenantIdLimitedTo(30);
    String key = aKeyOf(tenant);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 60; i++) {
      int status = api.postJson("/v1/jobs", key, SUMMARIZE).status();
      if (status == 202) {
        accepted++;
      } else if (status == 429) {
        refused++;
      }
    }

    HttpResult list = api.get("/v1/jobs?limit=100", key);

    assertThat(refused).isPositive();
    assertThat(accepted + refused).isEqualTo(60);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("data").size()).isEqualTo(accepted);
    assertThat(jobsOf(tenant)).isEqualTo(accepted);
  }

  @Test
  void readsHaveALimitOfTheirOwnThatLeavesSubmissionsAlone() {
    String key = aKeyOf(aTenantIdLimitedTo(600, 2));
    api.get("/v1/jobs", key);
    api.get("/v1/jobs", key);

    HttpResult refused = api.get("/v1/jobs", key);
    HttpResult submitted = api.postJson("/v1/jobs", key, SUMMARIZE);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("RateLimit-Limit")).isEqualTo("2");
    assertThat(refused.json().get("detail").asString()).contains("2 reads per minute");
    assertThat(submitted.status()).isEqualTo(202);
  }

  @Test
  void aTenantOverItsLimitGetsRateLimitedWithRetryAfterAndNoJob() {
    String tenant = aTenantIdLimitedTo(2);
    String key = aKeyOf(tenant);
    api.postJson("/v1/jobs", key, SUMMARIZE);
    api.postJson("/v1/jobs", key, SUMMARIZE);

    HttpResult refused = api.postJson("/v1/jobs", key, SUMMARIZE);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("code").asString()).isEqualTo("rate_limited");
    assertThat(refused.json().get("request_id").asString())
        .isEqualTo(refused.header("X-Request-Id"));
    // Two per minute is one token every 30 s.
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);
    assertThat(refused.header("RateLimit-Limit")).isEqualTo("2");
    assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(jobsOf(tenant)).isEqualTo(2);
  }

  @Test
  void eachTenantHasABucketOfItsOwn() {
    String first = aKeyOf(aTenantIdLimitedTo(1, 1));
    String second = aKeyOf(aTenantIdLimitedTo(1, 1));
    api.get("/v1/jobs", first);

    HttpResult firstAgain = api.get("/v1/jobs", first);
    HttpResult secondOnce = api.get("/v1/jobs", second);

    assertThat(firstAgain.status()).isEqualTo(429);
    assertThat(secondOnce.status()).isEqualTo(200);
  }

  @Test
  void aNewLimitAppliesFromTheNextRequest() {
    String tenant = aTenantIdLimitedTo(600);
    String key = aKeyOf(tenant);
    api.get("/v1/jobs", key);

    api.putJson(
        "/v1/admin/tenants/" + tenant + "/rate-limit", ADMIN_KEY, "{\"rate_limit_per_minute\":5}");
    HttpResult next = api.get("/v1/jobs", key);

    assertThat(next.header("RateLimit-Limit")).isEqualTo("50");
    assertThat(next.header("RateLimit-Remaining")).isEqualTo("49");
  }

  @Test
  void adminRoutesAreNotRateLimited() {
    HttpResult result = api.get("/v1/admin/dead-letters", ADMIN_KEY);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("RateLimit-Limit")).isNull();
  }

  @Test
  void unauthenticatedRequestsSpendNoTenantsTokens() {
    HttpResult result = api.get("/v1/jobs", "pk_" + "x".repeat(43));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.header("RateLimit-Limit")).isNull();
  }
}
