package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmProvidersTest {
  private static final String KEY = "sk-live-do-not-log";

  private static LlmGateway gateway(ProviderEndpoint endpoint) {
    return new OpenAiCompatibleGateway(
        endpoint, ProviderHttpClient.sharedJdkClient(Duration.ofSeconds(1)), Clock.systemUTC());
  }

  @Test
  void providerWithoutAKeyIsDescribedAsTheEmulator() {
    ProviderEndpoint endpoint = new ProviderEndpoint("default", "http://127.0.0.1:8090/v1", null);

    assertThat(endpoint.describe())
        .contains("'default'", "http://127.0.0.1:8090/v1", "the Promptly LLM emulator");
  }

  @Test
  void providerKeyNeverAppearsInItsDescriptionOrToString() {
    ProviderEndpoint endpoint = new ProviderEndpoint("openai", "https://api.example/v1", KEY);

    assertThat(endpoint.describe()).doesNotContain(KEY).doesNotContain("emulator");
    assertThat(endpoint.toString()).doesNotContain(KEY);
    assertThat(new ProvidersProperties.Provider("https://api.example/v1", KEY).toString())
        .doesNotContain(KEY);
  }

  @Test
  void eachModelIsServedByTheGatewayOfItsProvider() {
    LlmProviders providers =
        new LlmProviders(
            Map.of(
                "default", gateway(new ProviderEndpoint("default", "http://a/v1", null)),
                "vllm", gateway(new ProviderEndpoint("vllm", "http://b/v1", null))));
    ModelSpec fast = new ModelSpec("fast", "llama", 8192, 0, 0, null, "vllm");
    ModelSpec quality = new ModelSpec("quality", "gpt-4o", 128_000, 1, 1, null);

    assertThat(providers.gatewayFor(fast).baseUrl()).isEqualTo("http://b/v1");
    assertThat(providers.gatewayFor(quality).baseUrl()).isEqualTo("http://a/v1");
    assertThat(providers.baseUrls()).containsExactlyInAnyOrder("http://a/v1", "http://b/v1");
  }

  @Test
  void catalogNamingAnUnconfiguredProviderFailsStartup() {
    LlmProviders providers =
        new LlmProviders(
            Map.of("default", gateway(new ProviderEndpoint("default", "http://a/v1", null))));
    ModelCatalog catalog =
        new ModelCatalog(List.of(new ModelSpec("fast", "llama", 8192, 0, 0, null, "vllm")));

    assertThatThrownBy(() -> providers.requireEveryProviderOf(catalog))
        .hasMessageContaining("promptly.providers.vllm.base-url");
  }
}
