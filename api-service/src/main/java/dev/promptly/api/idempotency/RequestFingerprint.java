package dev.promptly.api.idempotency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SHA-256 of a request body's canonical form: the parsed JSON written back with sorted keys and
 * no whitespace, so two bodies that mean the same thing have the same fingerprint however they were
 * formatted.
 */
public final class RequestFingerprint {
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  private RequestFingerprint() {}

  /** The fingerprint as lower-case hex. */
  public static String of(JsonNode body) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(CANONICAL.writeValueAsBytes(body)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
