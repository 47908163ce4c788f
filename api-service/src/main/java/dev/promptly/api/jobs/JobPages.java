package dev.promptly.api.jobs;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRows;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of jobs, newest first, starting after the job {@code after}: the query behind {@code GET
 * /v1/jobs} and the dashboard's job list. Ids sort by creation time, so the cursor is a plain
 * comparison on the primary key index.
 */
public final class JobPages {
  private JobPages() {}

  /**
   * @param tenantId the tenant whose jobs are listed; null for every tenant, which only the admin
   *     key's dashboard pages ask for
   * @param status only jobs in this status, or null for any
   * @param kind only jobs of this kind, or null for any
   */
  public static List<JobRecord> list(
      JdbcClient jdbc, String tenantId, JobStatus status, JobKind kind, String after, int limit) {
    return list(jdbc, tenantId, status, kind, null, after, limit);
  }

  /**
   * @param batchId only jobs of this batch, or null for any
   */
  public static List<JobRecord> list(
      JdbcClient jdbc,
      String tenantId,
      JobStatus status,
      JobKind kind,
      String batchId,
      String after,
      int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(JobRows.COLUMNS).append(" FROM jobs WHERE true");
    if (tenantId != null) {
      sql.append(" AND tenant_id = :tenant");
    }
    if (status != null) {
      sql.append(" AND status = :status");
    }
    if (kind != null) {
      sql.append(" AND kind = :kind");
    }
    if (batchId != null) {
      sql.append(" AND batch_id = :batch");
    }
    if (after != null) {
      sql.append(" AND id < :after");
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("limit", limit);
    if (tenantId != null) {
      statement = statement.param("tenant", tenantId);
    }
    if (status != null) {
      statement = statement.param("status", status.wireName());
    }
    if (kind != null) {
      statement = statement.param("kind", kind.wireName());
    }
    if (batchId != null) {
      statement = statement.param("batch", batchId);
    }
    if (after != null) {
      statement = statement.param("after", after);
    }
    return statement.query(JobRows::map).list();
  }
}
