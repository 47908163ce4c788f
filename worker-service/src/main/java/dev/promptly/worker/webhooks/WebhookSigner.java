package dev.promptly.worker.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook the Standard Webhooks way: {@code v1,} and the base64 HMAC-SHA256 of {@code
 * <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64-decoded part of a {@code whsec_}
 * secret. Several secrets (a rotation in progress) give several signatures, space-separated;
 * receivers accept the message when any one matches.
 */
final class WebhookSigner {
  private static final String PREFIX = "whsec_";

  private WebhookSigner() {}

  /** The {@code webhook-signature} header value. */
  static String signature(List<String> secrets, String id, long timestamp, String body) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook needs at least one secret");
    }
    byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    StringJoiner header = new StringJoiner(" ");
    for (String secret : secrets) {
      header.add("v1," + Base64.getEncoder().encodeToString(hmac(key(secret), content)));
    }
    return header.toString();
  }

  private static byte[] key(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    return Base64.getDecoder().decode(encoded);
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
