package dev.promptly.api.dashboard;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The overview's figures that no API route serves as such, read from the same tables the API and
 * workers write: jobs that ended per minute, their end-to-end latency, waiting jobs, spend today. A
 * null tenant means every tenant (the admin key).
 */
@Repository
class OverviewReads {
  private final JdbcClient jdbc;

  OverviewReads(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Jobs that ended in one minute, by outcome, and their submission-to-end percentiles. */
  record Minute(
      Instant minute,
      long succeeded,
      long failed,
      long cancelled,
      double p50Seconds,
      double p95Seconds) {}

  /** Jobs not yet started (queued or waiting for a retry) of one priority. */
  record Waiting(String priority, long jobs) {}

  /** A tenant and what its calls have cost since the start of the UTC day. */
  record TenantSpend(String tenantId, String name, long spentTodayMicros) {}

  List<Minute> minutes(String tenantId, Instant since) {
    return jdbc.sql(
            """
            SELECT date_trunc('minute', finished_at) AS minute,
                   count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM finished_at - created_at)) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (
                       ORDER BY extract(epoch FROM finished_at - created_at)) AS p95
              FROM jobs
             WHERE finished_at >= :since AND (CAST(:tenant AS text) IS NULL OR tenant_id = :tenant)
             GROUP BY 1 ORDER BY 1
            """)
        .param("since", since.atOffset(ZoneOffset.UTC))
        .param("tenant", tenantId)
        .query(
            (rs, row) ->
                new Minute(
                    rs.getObject("minute", OffsetDateTime.class).toInstant(),
                    rs.getLong("succeeded"),
                    rs.getLong("failed"),
                    rs.getLong("cancelled"),
                    rs.getDouble("p50"),
                    rs.getDouble("p95")))
        .list();
  }

  List<Waiting> waiting(String tenantId) {
    return jdbc.sql(
            """
            SELECT p.priority, count(j.id) AS jobs
              FROM (VALUES ('high', 1), ('normal', 2), ('low', 3)) AS p(priority, rank)
              LEFT JOIN jobs j ON j.priority = p.priority
                   AND j.status IN ('queued', 'retry_scheduled')
                   AND (CAST(:tenant AS text) IS NULL OR j.tenant_id = :tenant)
             GROUP BY p.priority, p.rank ORDER BY p.rank
            """)
        .param("tenant", tenantId)
        .query((rs, row) -> new Waiting(rs.getString("priority"), rs.getLong("jobs")))
        .list();
  }

  List<TenantSpend> spendToday(String tenantId, Instant dayStart) {
    return jdbc.sql(
            """
            SELECT t.id, t.name, coalesce(sum(u.cost_micros), 0) AS spent
              FROM tenants t
              LEFT JOIN usage_ledger u ON u.tenant_id = t.id AND u.recorded_at >= :dayStart
             WHERE CAST(:tenant AS text) IS NULL OR t.id = :tenant
             GROUP BY t.id, t.name ORDER BY t.name
            """)
        .param("dayStart", dayStart.atOffset(ZoneOffset.UTC))
        .param("tenant", tenantId)
        .query(
            (rs, row) ->
                new TenantSpend(rs.getString("id"), rs.getString("name"), rs.getLong("spent")))
        .list();
  }
}
