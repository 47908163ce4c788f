package dev.promptly.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void generatedKeysArePkFollowedBy43UrlSafeBase64Characters() {
    String key = ApiKeys.generate();

    assertThat(key).matches("pk_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeys.isWellFormed(key)).isTrue();
  }

  @Test
  void generatedKeysAreDifferentEveryTime() {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      keys.add(ApiKeys.generate());
    }

    assertThat(keys).hasSize(1000);
  }

  @Test
  void hashIsTheLowerCaseHexSha256OfTheKey() {
    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void displayPrefixIsTheFirstTenCharacters() {
    assertThat(ApiKeys.displayPrefix("pk_abcdefghijklmnop")).isEqualTo("pk_abcdefg");
  }

  @Test
  void rejectsKeysOfAnotherShape() {
    assertThat(ApiKeys.isWellFormed(null)).isFalse();
    assertThat(ApiKeys.isWellFormed("pk_short")).isFalse();
    assertThat(ApiKeys.isWellFormed("sk_" + "a".repeat(43))).isFalse();
    assertThat(ApiKeys.isWellFormed("pk_" + "a".repeat(42) + "=")).isFalse();
  }

  @Test
  void readsTheKeyOfABearerHeaderWhateverTheSchemeCase() {
    assertThat(AuthInterceptor.bearerKey("Bearer pk_abc")).isEqualTo("pk_abc");
    assertThat(AuthInterceptor.bearerKey("bearer   pk_abc ")).isEqualTo("pk_abc");
  }

  @Test
  void findsNoKeyInOtherAuthorizationHeaders() {
    assertThat(AuthInterceptor.bearerKey(null)).isNull();
    assertThat(AuthInterceptor.bearerKey("Basic dXNlcjpwYXNz")).isNull();
    assertThat(AuthInterceptor.bearerKey("Bearer ")).isNull();
    assertThat(AuthInterceptor.bearerKey("Bearer " + "x".repeat(600))).isNull();
  }
}
