package dev.promptly.api.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} table: hashes of tenant keys, never the keys. */
@Repository
public class ApiKeyRepository {
  private final JdbcClient jdbc;

  public ApiKeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The tenant of a key that is not revoked; read on every request, so revocation is instant. */
  public Optional<String> findActiveTenantId(String keyHash) {
    return jdbc.sql("SELECT tenant_id FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
        .param("hash", keyHash)
        .query(String.class)
        .optional();
  }

  /**
   * Stores a key's hash unless that hash is already stored.
   *
   * @return whether a row was added
   */
  public boolean insert(String id, String tenantId, String keyHash, String prefix, Instant now) {
    return jdbc.sql(
                """
                INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, created_at)
                VALUES (:id, :tenantId, :hash, :prefix, :now)
                ON CONFLICT (key_hash) DO NOTHING
                """)
            .param("id", id)
            .param("tenantId", tenantId)
            .param("hash", keyHash)
            .param("prefix", prefix)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  /**
   * Revokes a key; revoking it again keeps the first revocation time.
   *
   * @return false when there is no such key
   */
  public boolean revoke(String id, Instant now) {
    return jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, :now) WHERE id = :id")
            .param("now", now.atOffset(ZoneOffset.UTC))
            .param("id", id)
            .update()
        == 1;
  }
}
