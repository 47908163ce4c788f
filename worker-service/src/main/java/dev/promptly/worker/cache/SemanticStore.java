package dev.promptly.worker.cache;

import dev.promptly.worker.llm.ChatCompletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code semantic_cache_entries} table (V35): answers with their request's embedding, found by
 * cosine distance through the HNSW index. Where the table is missing (the server has no pgvector)
 * or its vectors are of another length than configured, the store is unavailable, which is said
 * once. The database is asked on first use, not while the worker starts: a start must not need the
 * database before the schema check has waited for it, and an image's AOT training run has none.
 */
public class SemanticStore {
  private static final Logger log = LoggerFactory.getLogger(SemanticStore.class);

  // The index scan is filtered by tenant and partition afterwards; iterative scans (pgvector 0.8)
  // keep going until a match of the partition is found instead of giving up after ef_search rows.
  private static final String NEAREST =
      """
      SELECT answer_text, finish_reason, prompt_tokens, completion_tokens,
             1 - (embedding <=> ?::halfvec) AS similarity
        FROM semantic_cache_entries
       WHERE tenant_id = ? AND partition_key = ? AND expires_at > ?
       ORDER BY embedding <=> ?::halfvec
       LIMIT 1
      """;
  private static final String ADD =
      """
      INSERT INTO semantic_cache_entries
          (tenant_id, partition_key, model, embedding, answer_text, finish_reason, prompt_tokens,
           completion_tokens, cost_micros, created_at, expires_at)
      VALUES (?, ?, ?, ?::halfvec, ?, ?, ?, ?, ?, ?, ?)
      """;

  private final JdbcTemplate template;
  private final int dimensions;
  private final int efSearch;
  // Null until the database has answered the probe once.
  private volatile Boolean available;

  public SemanticStore(JdbcTemplate template, int dimensions, int efSearch) {
    this.template = template;
    this.dimensions = dimensions;
    this.efSearch = efSearch;
  }

  /**
   * Whether the database holds the semantic cache; when not, only the exact cache answers. While
   * the database cannot be asked, the answer is no, and it is asked again on the next call.
   */
  public boolean isAvailable() {
    Boolean known = available;
    if (known != null) {
      return known;
    }
    try {
      boolean probed = probe(template, dimensions);
      available = probed;
      return probed;
    } catch (DataAccessException e) {
      log.debug("semantic cache: cannot ask the database yet ({})", e.getMessage());
      return false;
    }
  }

  /** The closest unexpired entry of the tenant's partition, whatever its similarity. */
  Optional<SemanticHit> nearest(String tenantId, String partition, float[] vector, Instant now) {
    String literal = literal(vector);
    return template.execute(
        (Connection connection) -> {
          boolean autoCommit = connection.getAutoCommit();
          connection.setAutoCommit(false);
          try (Statement settings = connection.createStatement();
              PreparedStatement query = connection.prepareStatement(NEAREST)) {
            settings.execute("SET LOCAL hnsw.iterative_scan = strict_order");
            settings.execute("SET LOCAL hnsw.ef_search = " + efSearch);
            query.setString(1, literal);
            query.setString(2, tenantId);
            query.setString(3, partition);
            query.setTimestamp(4, Timestamp.from(now));
            query.setString(5, literal);
            Optional<SemanticHit> hit = Optional.empty();
            try (ResultSet rs = query.executeQuery()) {
              if (rs.next()) {
                hit =
                    Optional.of(
                        new SemanticHit(
                            new ChatCompletion(
                                rs.getString("answer_text"),
                                rs.getString("finish_reason"),
                                rs.getInt("prompt_tokens"),
                                rs.getInt("completion_tokens")),
                            rs.getDouble("similarity")));
              }
            }
            connection.commit();
            return hit;
          } catch (RuntimeException | java.sql.SQLException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(autoCommit);
          }
        });
  }

  void add(
      String tenantId,
      String partition,
      String model,
      float[] vector,
      ChatCompletion completion,
      long costMicros,
      Instant now,
      Instant expiresAt) {
    template.update(
        ADD,
        tenantId,
        partition,
        model,
        literal(vector),
        completion.text(),
        completion.finishReason(),
        completion.promptTokens(),
        completion.completionTokens(),
        costMicros,
        Timestamp.from(now),
        Timestamp.from(expiresAt));
  }

  /** Drops the tenant's expired entries and its oldest beyond {@code maxEntries}. */
  int prune(String tenantId, int maxEntries, Instant now) {
    int expired =
        template.update(
            "DELETE FROM semantic_cache_entries WHERE tenant_id = ? AND expires_at <= ?",
            tenantId,
            Timestamp.from(now));
    int surplus =
        template.update(
            """
            DELETE FROM semantic_cache_entries
             WHERE tenant_id = ? AND created_at < (
                   SELECT created_at FROM semantic_cache_entries WHERE tenant_id = ?
                    ORDER BY created_at DESC OFFSET ? LIMIT 1)
            """,
            tenantId,
            tenantId,
            maxEntries - 1);
    return expired + surplus;
  }

  private static String literal(float[] vector) {
    StringBuilder text = new StringBuilder(vector.length * 10).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(vector[i]);
    }
    return text.append(']').toString();
  }

  private static boolean probe(JdbcTemplate template, int dimensions) {
    Integer columnDimensions =
        template.query(
            "SELECT atttypmod FROM pg_attribute"
                + " WHERE attrelid = to_regclass('semantic_cache_entries') AND attname = 'embedding'",
            rs -> rs.next() ? rs.getInt(1) : null);
    if (columnDimensions == null) {
      log.warn(
          "semantic cache off: the database has no pgvector extension (no semantic_cache_entries"
              + " table), so jobs asking for cache=semantic are cached exact-only");
      return false;
    }
    if (columnDimensions != dimensions) {
      log.warn(
          "semantic cache off: promptly.semantic-cache.dimensions is {} but the database stores"
              + " vectors of {}; jobs asking for cache=semantic are cached exact-only",
          dimensions,
          columnDimensions);
      return false;
    }
    log.info("semantic cache on: pgvector, {} dimensions, HNSW cosine index", dimensions);
    return true;
  }
}
