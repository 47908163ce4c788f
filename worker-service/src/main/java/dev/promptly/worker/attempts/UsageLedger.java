package dev.promptly.worker.attempts;

import dev.promptly.worker.calls.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code usage_ledger} table: one priced row per model call, under the model that served it.
 */
public class UsageLedger {
  private final JdbcClient jdbc;

  UsageLedger(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void record(String tenantId, String jobId, int attempt, Usage usage, Instant at) {
    jdbc.sql(
            """
            INSERT INTO usage_ledger
                (tenant_id, job_id, attempt, model, prompt_tokens, completion_tokens, cost_micros, cached, duration_ms, recorded_at)
            VALUES (:tenantId, :jobId, :attempt, :model, :promptTokens, :completionTokens, :costMicros, :cached, :durationMs, :at)
            """)
        .param("tenantId", tenantId)
        .param("jobId", jobId)
        .param("attempt", attempt)
        .param("model", usage.model())
        .param("promptTokens", usage.promptTokens())
        .param("completionTokens", usage.completionTokens())
        .param("costMicros", usage.costMicros())
        .param("cached", usage.cached())
        .param("durationMs", milliseconds(usage))
        .param("at", at.atOffset(ZoneOffset.UTC))
        .update();
  }

  // Nanoseconds with the decimal point moved six places: milliseconds, to the nanosecond, which
  // the column rounds to the microsecond.
  private static BigDecimal milliseconds(Usage usage) {
    return BigDecimal.valueOf(usage.duration().toNanos(), 6);
  }
}
