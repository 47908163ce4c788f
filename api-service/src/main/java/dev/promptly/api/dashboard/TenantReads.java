package dev.promptly.api.dashboard;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tenants as the admin pages list them; there is no API route that lists tenants. */
@Repository
class TenantReads {
  private final JdbcClient jdbc;

  TenantReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A tenant with its limits and how many of its keys work. */
  record TenantRow(
      String id,
      String name,
      int rateLimitPerMinute,
      Integer readRateLimitPerMinute,
      Integer maxConcurrentJobs,
      String budgetPeriod,
      Long budgetMicros,
      long activeKeys) {}

  List<TenantRow> list() {
    return query("");
  }

  Optional<TenantRow> find(String id) {
    return query(" WHERE t.id = :id", id).stream().findFirst();
  }

  private List<TenantRow> query(String where, String... id) {
    JdbcClient.StatementSpec statement =
        jdbc.sql(
            """
            SELECT t.id, t.name, t.rate_limit_per_minute, t.read_rate_limit_per_minute,
                   t.max_concurrent_jobs, b.period, b.limit_micros,
                   (SELECT count(*) FROM api_keys k
                     WHERE k.tenant_id = t.id AND k.revoked_at IS NULL) AS active_keys
              FROM tenants t LEFT JOIN tenant_budgets b ON b.tenant_id = t.id
            """
                + where
                + " ORDER BY t.name");
    if (id.length > 0) {
      statement = statement.param("id", id[0]);
    }
    return statement
        .query(
            (rs, row) ->
                new TenantRow(
                    rs.getString("id"),
                    rs.getString("name"),
                    rs.getInt("rate_limit_per_minute"),
                    rs.getObject("read_rate_limit_per_minute", Integer.class),
                    rs.getObject("max_concurrent_jobs", Integer.class),
                    rs.getString("period"),
                    rs.getObject("limit_micros", Long.class),
                    rs.getLong("active_keys")))
        .list();
  }
}
