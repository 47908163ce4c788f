package dev.promptly.api.admin;

import dev.promptly.api.ratelimit.TenantRateLimits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code tenants} and {@code tenant_budgets} tables. */
@Repository
class TenantRepository {
  private final JdbcClient jdbc;

  TenantRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record TenantRow(
      String id,
      String name,
      TenantRateLimits rateLimits,
      Integer maxConcurrentJobs,
      Instant createdAt) {}

  record BudgetRow(String period, long limitMicros) {}

  /**
   * Adds a tenant unless its id or name is taken.
   *
   * @return false when the name (or id) already exists
   */
  boolean insert(
      String id, String name, int rateLimitPerMinute, String webhookSecret, Instant now) {
    return jdbc.sql(
                """
                INSERT INTO tenants (id, name, rate_limit_per_minute, webhook_secret, created_at)
                VALUES (:id, :name, :rateLimit, :secret, :now)
                ON CONFLICT DO NOTHING
                """)
            .param("id", id)
            .param("name", name)
            .param("rateLimit", rateLimitPerMinute)
            .param("secret", webhookSecret)
            .param("now", utc(now))
            .update()
        == 1;
  }

  Optional<TenantRow> find(String id) {
    return jdbc.sql(
            """
            SELECT id, name, rate_limit_per_minute, read_rate_limit_per_minute,
                   max_concurrent_jobs, created_at
              FROM tenants WHERE id = :id
            """)
        .param("id", id)
        .query(
            (rs, row) ->
                new TenantRow(
                    rs.getString("id"),
                    rs.getString("name"),
                    TenantRateLimits.of(
                        rs.getInt("rate_limit_per_minute"),
                        rs.getObject("read_rate_limit_per_minute", Integer.class)),
                    rs.getObject("max_concurrent_jobs", Integer.class),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .optional();
  }

  /**
   * Sets the rate limits, {@code readRateLimitPerMinute} null for the default; false when there is
   * no such tenant.
   */
  boolean updateRateLimit(String id, int rateLimitPerMinute, Integer readRateLimitPerMinute) {
    return jdbc.sql(
                """
                UPDATE tenants
                   SET rate_limit_per_minute = :rateLimit,
                       read_rate_limit_per_minute = :readRateLimit
                 WHERE id = :id
                """)
            .param("rateLimit", rateLimitPerMinute)
            .param("readRateLimit", readRateLimitPerMinute, java.sql.Types.INTEGER)
            .param("id", id)
            .update()
        == 1;
  }

  /** Sets the concurrency cap, null for none; false when there is no such tenant. */
  boolean updateConcurrency(String id, Integer maxConcurrentJobs) {
    return jdbc.sql("UPDATE tenants SET max_concurrent_jobs = :cap WHERE id = :id")
            .param("cap", maxConcurrentJobs, java.sql.Types.INTEGER)
            .param("id", id)
            .update()
        == 1;
  }

  /** Sets what is given (null: unchanged); empty when there is no such tenant. */
  java.util.Optional<AdminResources.CacheSettings> updateCacheSettings(
      String id, Boolean semanticByDefault, Boolean anyTemperature) {
    return jdbc.sql(
            """
            UPDATE tenants
               SET semantic_cache_default = coalesce(:byDefault, semantic_cache_default),
                   semantic_cache_any_temperature = coalesce(:anyTemperature,
                                                             semantic_cache_any_temperature)
             WHERE id = :id
            RETURNING id, semantic_cache_default, semantic_cache_any_temperature
            """)
        .param("byDefault", semanticByDefault, java.sql.Types.BOOLEAN)
        .param("anyTemperature", anyTemperature, java.sql.Types.BOOLEAN)
        .param("id", id)
        .query(
            (rs, row) ->
                new AdminResources.CacheSettings(
                    "tenant_cache", rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)))
        .optional();
  }

  void upsertBudget(String tenantId, String period, long limitMicros, Instant now) {
    jdbc.sql(
            """
            INSERT INTO tenant_budgets (tenant_id, period, limit_micros, created_at, updated_at)
            VALUES (:tenantId, :period, :limitMicros, :now, :now)
            ON CONFLICT (tenant_id)
            DO UPDATE SET period = EXCLUDED.period, limit_micros = EXCLUDED.limit_micros,
                          updated_at = EXCLUDED.updated_at
            """)
        .param("tenantId", tenantId)
        .param("period", period)
        .param("limitMicros", limitMicros)
        .param("now", utc(now))
        .update();
  }

  Optional<BudgetRow> findBudget(String tenantId) {
    return jdbc.sql("SELECT period, limit_micros FROM tenant_budgets WHERE tenant_id = :tenantId")
        .param("tenantId", tenantId)
        .query((rs, row) -> new BudgetRow(rs.getString("period"), rs.getLong("limit_micros")))
        .optional();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
