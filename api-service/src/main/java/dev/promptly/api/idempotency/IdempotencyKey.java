package dev.promptly.api.idempotency;

import dev.promptly.api.web.ApiException;
import java.util.Optional;

/**
 * A client's {@code Idempotency-Key}: 1–255 visible ASCII characters, unique per tenant. Keys live
 * in {@code jobs.idempotency_key} as long as the job does, which covers the promised 24 h.
 *
 * @param value the key as sent
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    if (!isValid(value)) {
      throw new IllegalArgumentException("idempotency key must be 1 to 255 visible characters");
    }
  }

  /**
   * The key of a request, if it sent one.
   *
   * @throws ApiException 400 when the header is present but not a valid key
   */
  public static Optional<IdempotencyKey> fromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    if (!isValid(header)) {
      throw ApiException.invalid(
          HEADER, "must be 1 to " + MAX_LENGTH + " visible ASCII characters");
    }
    return Optional.of(new IdempotencyKey(header));
  }

  private static boolean isValid(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= MAX_LENGTH
        && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)
        && !value.isBlank();
  }
}
