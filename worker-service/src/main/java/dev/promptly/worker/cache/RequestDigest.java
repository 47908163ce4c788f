package dev.promptly.worker.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the parts of a request that decide its answer, each prefixed with its length, so
 * that no two different requests hash the same bytes.
 */
final class RequestDigest {
  private final MessageDigest digest;

  RequestDigest() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  RequestDigest add(String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
