package dev.promptly.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneSettingsTest {

  @Test
  void withoutVariablesTheEmulatorIsTheProviderOnTheUsualPortsAndThereIsNoRedis() {
    StandaloneSettings settings = StandaloneSettings.from(Map.of());

    assertThat(settings.provider()).isEmpty();
    assertThat(settings.apiPort()).isEqualTo(8080);
    assertThat(settings.workerPort()).isEqualTo(8081);
    assertThat(settings.emulatorPort()).isEqualTo(8090);
    assertThat(settings.redis()).isFalse();
    assertThat(settings.home().endsWith(java.nio.file.Path.of(".promptly", "standalone"))).isTrue();
  }

  @Test
  void anOpenAiKeyAloneNamesOpenAi() {
    StandaloneSettings settings = StandaloneSettings.from(Map.of("OPENAI_API_KEY", "sk-test"));

    assertThat(settings.provider()).isEqualTo(Optional.of("https://api.openai.com/v1"));
  }

  @Test
  void aBaseUrlNamesThatProviderWithOrWithoutAKey() {
    StandaloneSettings settings =
        StandaloneSettings.from(Map.of("OPENAI_BASE_URL", "http://ollama.local:11434/v1"));

    assertThat(settings.provider()).isEqualTo(Optional.of("http://ollama.local:11434/v1"));
  }

  @Test
  void aRedisVariableMeansThatRedisIsUsed() {
    assertThat(StandaloneSettings.from(Map.of("PROMPTLY_REDIS_PORT", "6380")).redis()).isTrue();
  }

  @Test
  void aPortThatIsNotANumberIsRefusedByName() {
    assertThatThrownBy(() -> StandaloneSettings.from(Map.of("PROMPTLY_API_PORT", "http")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PROMPTLY_API_PORT");
  }
}
