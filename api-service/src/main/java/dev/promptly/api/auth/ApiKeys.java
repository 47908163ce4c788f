package dev.promptly.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The format of tenant API keys: {@code pk_} and 43 URL-safe base64 characters (32 random bytes).
 * Only the SHA-256 of a key is stored; a key is high-entropy, so a plain hash (no salt, no
 * stretching) is enough and allows lookup by hash.
 */
public final class ApiKeys {
  public static final String PREFIX = "pk_";
  private static final int RANDOM_BYTES = 32;
  private static final int DISPLAY_PREFIX_LENGTH = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new random key. */
  public static String generate() {
    byte[] random = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(random);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Whether a string has the shape of a tenant key. */
  public static boolean isWellFormed(String key) {
    return key != null
        && key.length() == PREFIX.length() + 43
        && key.startsWith(PREFIX)
        && key.substring(PREFIX.length())
            .chars()
            .allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
  }

  /** The SHA-256 of a key as lower-case hex, as stored in {@code api_keys.key_hash}. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  /** The SHA-256 of a secret, for constant-time comparison. */
  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The first characters of a key, safe to show so a person can tell keys apart. */
  public static String displayPrefix(String key) {
    return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
  }
}
