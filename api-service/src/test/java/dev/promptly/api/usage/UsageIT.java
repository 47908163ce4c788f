package dev.promptly.api.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.api.ApiIntegrationTest;
import dev.promptly.api.HttpResult;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UsageIT extends ApiIntegrationTest {

  @Test
  void modelsListTheCatalogWithPricesInUsd() {
    JsonNode models = api.get("/v1/models", aTenantKey()).json();

    JsonNode first = models.get("data").get(0);
    assertThat(models.get("object").asString()).isEqualTo("list");
    assertThat(first.get("id").asString()).isEqualTo("default");
    assertThat(first.get("input_usd_per_million").asDouble()).isEqualTo(0.15);
    assertThat(first.get("context_window").asInt()).isPositive();
  }

  @Test
  void usageSumsTokensAndCostPerDayAndModel() {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    record(job, 10, 20, 1_500_000, false);
    record(job, 5, 5, 0, true);
    String today = LocalDate.now(ZoneOffset.UTC).toString();

    JsonNode usage = api.get("/v1/usage?from=" + today + "&to=" + today, key).json();

    JsonNode day = usage.get("data").get(0);
    assertThat(day.get("date").asString()).isEqualTo(today);
    assertThat(day.get("calls").asLong()).isEqualTo(2);
    assertThat(day.get("cached_calls").asLong()).isEqualTo(1);
    assertThat(day.get("total_tokens").asLong()).isEqualTo(40);
    assertThat(day.get("cost_usd").asDouble()).isEqualTo(1.5);
    assertThat(usage.get("budget").isNull()).isTrue();
  }

  @Test
  void usageReportsWhatEachCacheSavedPerDayAndInAll() {
    String key = aTenantKey();
    String job = submitted(key, CHAT).get("id").asString();
    record(job, 10, 20, 1_500_000, false);
    recordHit(job, "exact", 1_500_000);
    recordHit(job, "semantic", 250_000);
    recordHit(job, "semantic", 250_000);
    String today = LocalDate.now(ZoneOffset.UTC).toString();

    JsonNode usage = api.get("/v1/usage?from=" + today + "&to=" + today, key).json();

    JsonNode day = usage.get("data").get(0);
    assertThat(day.get("saved_usd").asDouble()).isEqualTo(2.0);
    assertThat(day.get("cache_hits").get("exact").asLong()).isEqualTo(1);
    assertThat(day.get("cache_hits").get("semantic").asLong()).isEqualTo(2);
    assertThat(usage.get("saved_usd").asDouble()).isEqualTo(2.0);
    assertThat(usage.get("cache_hits").get("semantic").asLong()).isEqualTo(2);
  }

  @Test
  void usageShowsTheBudgetOfTheCurrentPeriod() {
    String key = aTenantKey();
    String tenant = tenantOfKey(key);
    api.putJson(
        "/v1/admin/tenants/" + tenant + "/budget",
        ADMIN_KEY,
        "{\"limit_usd\": 50.0, \"period\": \"monthly\"}");
    record(submitted(key, CHAT).get("id").asString(), 10, 20, 1_200_000, false);

    JsonNode budget = api.get("/v1/usage", key).json().get("budget");

    assertThat(budget.get("period").asString()).isEqualTo("monthly");
    assertThat(budget.get("limit_usd").asDouble()).isEqualTo(50.0);
    assertThat(budget.get("spent_usd").asDouble()).isEqualTo(1.2);
    assertThat(budget.get("reserved_usd").asDouble()).isZero();
  }

  @Test
  void aMalformedOrReversedRangeIsRejected() {
    String key = aTenantKey();

    HttpResult malformed = api.get("/v1/usage?from=2026-13-01", key);
    HttpResult reversed = api.get("/v1/usage?from=2026-02-02&to=2026-02-01", key);

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(reversed.status()).isEqualTo(400);
  }

  private void record(String jobId, int prompt, int completion, long costMicros, boolean cached) {
    jdbc.sql(
            "INSERT INTO usage_ledger (tenant_id, job_id, attempt, model, prompt_tokens,"
                + " completion_tokens, cost_micros, cached, recorded_at)"
                + " SELECT tenant_id, id, 1, 'gpt-4o-mini', ?, ?, ?, ?, now() FROM jobs WHERE id = ?")
        .params(prompt, completion, costMicros, cached, jobId)
        .update();
  }

  private void recordHit(String jobId, String kind, long savedMicros) {
    jdbc.sql(
            "INSERT INTO usage_ledger (tenant_id, job_id, attempt, model, prompt_tokens,"
                + " completion_tokens, cost_micros, cached, recorded_at, cache_hit, saved_micros)"
                + " SELECT tenant_id, id, 1, 'gpt-4o-mini', 10, 20, 0, true, now(), ?, ?"
                + " FROM jobs WHERE id = ?")
        .params(kind, savedMicros, jobId)
        .update();
  }
}
