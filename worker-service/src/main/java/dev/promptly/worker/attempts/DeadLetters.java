package dev.promptly.worker.attempts;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code dead_letters} table: one row for every job that ends {@code failed}, written in the
 * transaction of that transition so an admin can list and replay it.
 */
public class DeadLetters {
  private final JdbcClient jdbc;

  DeadLetters(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(
      String jobId,
      String tenantId,
      String errorCode,
      String errorMessage,
      int attempts,
      Instant failedAt) {
    jdbc.sql(
            """
            INSERT INTO dead_letters (job_id, tenant_id, error_code, error_message, attempts, failed_at)
            VALUES (:jobId, :tenantId, :errorCode, :errorMessage, :attempts, :failedAt)
            """)
        .param("jobId", jobId)
        .param("tenantId", tenantId)
        .param("errorCode", errorCode)
        .param("errorMessage", errorMessage, java.sql.Types.VARCHAR)
        .param("attempts", attempts)
        .param("failedAt", failedAt.atOffset(ZoneOffset.UTC))
        .update();
  }
}
