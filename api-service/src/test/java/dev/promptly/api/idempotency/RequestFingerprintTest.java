package dev.promptly.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.api.web.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RequestFingerprintTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void ignoresWhitespaceAndKeyOrder() {
    String compact = "{\"kind\":\"chat\",\"input\":{\"a\":1,\"b\":[1,2]}}";
    String spaced = "{ \"input\" : { \"b\" : [ 1, 2 ], \"a\" : 1 },\n  \"kind\" : \"chat\" }";

    assertThat(RequestFingerprint.of(JSON.readTree(compact)))
        .isEqualTo(RequestFingerprint.of(JSON.readTree(spaced)));
  }

  @Test
  void differsWhenAValueDiffers() {
    assertThat(RequestFingerprint.of(JSON.readTree("{\"a\":[1,2]}")))
        .isNotEqualTo(RequestFingerprint.of(JSON.readTree("{\"a\":[2,1]}")));
  }

  @Test
  void acceptsKeysOfUpTo255VisibleCharacters() {
    assertThat(IdempotencyKey.fromHeader(null)).isEmpty();
    assertThat(IdempotencyKey.fromHeader("k".repeat(255))).isPresent();
  }

  @Test
  void rejectsLongOrBlankKeys() {
    assertThatThrownBy(() -> IdempotencyKey.fromHeader("k".repeat(256)))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> IdempotencyKey.fromHeader("  ")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> IdempotencyKey.fromHeader("")).isInstanceOf(ApiException.class);
  }
}
