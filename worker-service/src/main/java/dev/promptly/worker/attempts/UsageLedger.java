package dev.promptly.worker.attempts;

import dev.promptly.worker.attempts.EndingRows.LedgerRow;
import dev.promptly.worker.calls.Usage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code usage_ledger} table: one priced row per model call, under the model that served it.
 */
public class UsageLedger {
  private static final String RECORD =
      """
      INSERT INTO usage_ledger
          (tenant_id, job_id, attempt, model, prompt_tokens, completion_tokens, cost_micros,
           cached, duration_ms, recorded_at, cache_hit, saved_micros, route)
      SELECT * FROM unnest(?::text[], ?::text[], ?::int4[], ?::text[], ?::int4[], ?::int4[],
                           ?::int8[], ?::bool[], ?::numeric[], ?::text[]::timestamptz[],
                           ?::text[], ?::int8[], ?::text[])
      """;

  private final JdbcTemplate template;

  UsageLedger(JdbcTemplate template) {
    this.template = template;
  }

  /** Writes the rows with one statement, in the caller's transaction. */
  void recordAll(List<LedgerRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int size = rows.size();
    String[] tenants = new String[size];
    String[] jobs = new String[size];
    Integer[] attempts = new Integer[size];
    String[] models = new String[size];
    Integer[] promptTokens = new Integer[size];
    Integer[] completionTokens = new Integer[size];
    Long[] costs = new Long[size];
    Boolean[] cached = new Boolean[size];
    BigDecimal[] durations = new BigDecimal[size];
    // Instants as ISO-8601 text in UTC: no JVM or session time zone can shift them on the way.
    String[] recordedAts = new String[size];
    String[] cacheHits = new String[size];
    Long[] saved = new Long[size];
    String[] routes = new String[size];
    for (int i = 0; i < size; i++) {
      LedgerRow row = rows.get(i);
      Usage usage = row.usage();
      tenants[i] = row.tenantId();
      jobs[i] = row.jobId();
      attempts[i] = row.attempt();
      models[i] = usage.model();
      promptTokens[i] = usage.promptTokens();
      completionTokens[i] = usage.completionTokens();
      costs[i] = usage.costMicros();
      cached[i] = usage.cached();
      durations[i] = milliseconds(usage);
      recordedAts[i] = row.at().toString();
      cacheHits[i] = usage.cacheHit();
      saved[i] = usage.savedMicros();
      routes[i] = usage.providerBatch() ? "provider_batch" : "live";
    }
    template.execute(
        (Connection connection) -> {
          try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
            statement.setArray(1, connection.createArrayOf("text", tenants));
            statement.setArray(2, connection.createArrayOf("text", jobs));
            statement.setArray(3, connection.createArrayOf("int4", attempts));
            statement.setArray(4, connection.createArrayOf("text", models));
            statement.setArray(5, connection.createArrayOf("int4", promptTokens));
            statement.setArray(6, connection.createArrayOf("int4", completionTokens));
            statement.setArray(7, connection.createArrayOf("int8", costs));
            statement.setArray(8, connection.createArrayOf("bool", cached));
            statement.setArray(9, connection.createArrayOf("numeric", durations));
            statement.setArray(10, connection.createArrayOf("text", recordedAts));
            statement.setArray(11, connection.createArrayOf("text", cacheHits));
            statement.setArray(12, connection.createArrayOf("int8", saved));
            statement.setArray(13, connection.createArrayOf("text", routes));
            return statement.executeUpdate();
          }
        });
  }

  // Nanoseconds with the decimal point moved six places: milliseconds, to the nanosecond, which
  // the column rounds to the microsecond.
  private static BigDecimal milliseconds(Usage usage) {
    return BigDecimal.valueOf(usage.duration().toNanos(), 6);
  }
}
