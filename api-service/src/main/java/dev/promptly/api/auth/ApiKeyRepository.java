package dev.promptly.api.auth;

import dev.promptly.api.ratelimit.TenantRateLimits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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

  /** A key that is not revoked: whose it is, and that tenant's request limits. */
  public record ActiveKey(String tenantId, TenantRateLimits rateLimits) {}

  /** A stored key as support may see it: never the key, never its hash. */
  public record StoredKey(String id, String prefix, Instant createdAt, Instant revokedAt) {}

  /**
   * The tenant of a key that is not revoked, with its rate limit. Read on every request, so a
   * revocation or a new limit applies from the next request on every replica.
   */
  public Optional<ActiveKey> findActiveKey(String keyHash) {
    return jdbc.sql(
            """
            SELECT k.tenant_id, t.rate_limit_per_minute, t.read_rate_limit_per_minute
              FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
             WHERE k.key_hash = :hash AND k.revoked_at IS NULL
            """)
        .param("hash", keyHash)
        .query(
            (rs, row) ->
                new ActiveKey(
                    rs.getString(1),
                    TenantRateLimits.of(rs.getInt(2), rs.getObject(3, Integer.class))))
        .optional();
  }

  /** A tenant's keys, revoked ones included, oldest first. */
  public List<StoredKey> listForTenant(String tenantId) {
    return jdbc.sql(
            """
            SELECT id, key_prefix, created_at, revoked_at FROM api_keys
             WHERE tenant_id = :tenantId ORDER BY created_at, id
            """)
        .param("tenantId", tenantId)
        .query(
            (rs, row) ->
                new StoredKey(
                    rs.getString("id"),
                    rs.getString("key_prefix"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                    Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant)
                        .orElse(null)))
        .list();
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
