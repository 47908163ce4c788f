package dev.promptly.api.auth;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks API keys for the dashboard, with the same rules (and the same cache and revocation) as
 * {@code Authorization: Bearer} on {@code /v1}.
 */
@Component
public class KeySignIn {
  private static final int MAX_KEY_LENGTH = 512;

  private final ApiKeyAuthenticator authenticator;

  KeySignIn(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** The key's identity, or empty when the key is not valid. */
  public Optional<SignedInKey> signIn(String presentedKey) {
    if (presentedKey == null) {
      return Optional.empty();
    }
    String key = presentedKey.strip();
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return Optional.empty();
    }
    byte[] hash = ApiKeys.sha256(key);
    return authenticator.authenticateHash(hash).map(caller -> identity(caller, hash));
  }

  /**
   * Whether the key of a session is still valid and still belongs to the same tenant: a revoked key
   * ends its sessions with its next request.
   */
  public boolean isStillValid(SignedInKey signedIn) {
    return authenticator
        .authenticateHash(signedIn.keyHash())
        .map(caller -> identity(caller, signedIn.keyHash()))
        .filter(
            current ->
                current.isAdmin()
                    ? signedIn.isAdmin()
                    : current.tenantId().equals(signedIn.tenantId()))
        .isPresent();
  }

  private static SignedInKey identity(Caller caller, byte[] hash) {
    return switch (caller) {
      case Caller.Admin admin -> new SignedInKey(null, hash);
      case Caller.Tenant tenant -> new SignedInKey(tenant.tenantId(), hash);
    };
  }
}
