package dev.promptly.api.auth;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Maps a presented key to its caller: the admin, a tenant, or nobody. */
@Component
class ApiKeyAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
  private final ApiKeyRepository keys;
  private final ActiveKeyCache cache;
  private final byte[] adminKeyHash;

  ApiKeyAuthenticator(ApiKeyRepository keys, ActiveKeyCache cache, AuthProperties properties) {
    this.keys = keys;
    this.cache = cache;
    this.adminKeyHash = properties.hasAdminKey() ? ApiKeys.sha256(properties.adminApiKey()) : null;
    if (adminKeyHash == null) {
      log.info("no admin key configured (PROMPTLY_ADMIN_API_KEY): /v1/admin refuses every caller");
    }
  }

  Optional<Caller> authenticate(String presentedKey) {
    return authenticateHash(ApiKeys.sha256(presentedKey));
  }

  /**
   * As {@link #authenticate}, for a key of which only the SHA-256 is kept (a dashboard session).
   */
  Optional<Caller> authenticateHash(byte[] hash) {
    // Comparing fixed-length hashes with isEqual takes the same time wherever they differ.
    if (adminKeyHash != null && MessageDigest.isEqual(hash, adminKeyHash)) {
      return Optional.of(new Caller.Admin());
    }
    return cache
        .find(HexFormat.of().formatHex(hash), keys::findActiveKey)
        .map(key -> new Caller.Tenant(key.tenantId(), key.rateLimits()));
  }
}
