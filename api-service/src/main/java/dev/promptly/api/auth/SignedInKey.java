package dev.promptly.api.auth;

import java.util.Objects;

/**
 * Who a dashboard session acts for, as established from the API key given at sign-in. It keeps the
 * key's SHA-256, never the key, so that every request can check the key is still valid.
 *
 * @param tenantId the key's tenant; null for the admin key
 * @param keyHash the SHA-256 of the key
 */
public record SignedInKey(String tenantId, byte[] keyHash) {
  public SignedInKey {
    Objects.requireNonNull(keyHash, "keyHash");
    keyHash = keyHash.clone();
  }

  /** Whether the key is the admin key, which sees every tenant. */
  public boolean isAdmin() {
    return tenantId == null;
  }

  /** Whether this key may see the data of {@code tenant}. */
  public boolean maySee(String tenant) {
    return isAdmin() || tenantId.equals(tenant);
  }

  @Override
  public byte[] keyHash() {
    return keyHash.clone();
  }
}
