package dev.promptly.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceArgumentsTest {
  private static final StandaloneKeys KEYS =
      new StandaloneKeys("pk_dev", "admin_key", Path.of("/tmp/env"));

  @Test
  void servicesGetTheBundledDatabaseAndBrokerWhateverTheEnvironmentSays() {
    List<String> api = List.of(arguments(Map.of("PROMPTLY_DB_URL", "jdbc:x"), 40000).of("api"));

    assertThat(api)
        .contains(
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5999/promptly",
            "--spring.rabbitmq.port=5998",
            "--spring.rabbitmq.virtual-host=promptly",
            "--promptly.dev.api-key=pk_dev");
  }

  @Test
  void withoutRedisTheServicesAreToldThereIsNoneAndGetARefusedAddress() {
    List<String> worker = List.of(arguments(Map.of(), 40000).of("worker"));

    assertThat(worker)
        .contains(
            "--promptly.redis.enabled=false",
            "--spring.data.redis.port=40000",
            "--promptly.llm.base-url=http://127.0.0.1:8090/v1");
  }

  @Test
  void withRedisConfiguredNoRedisSettingIsOverridden() {
    List<String> api = List.of(arguments(Map.of("PROMPTLY_REDIS_HOST", "cache"), 0).of("api"));

    assertThat(api).noneMatch(argument -> argument.contains("redis"));
    assertThat(api).doesNotContain("--promptly.ratelimit.local-fallback=true");
  }

  @Test
  void aRealProviderIsTheWorkersBaseUrl() {
    List<String> worker =
        List.of(
            arguments(Map.of("OPENAI_BASE_URL", "http://vllm.local:8000/v1"), 40000).of("worker"));

    assertThat(worker).contains("--promptly.llm.base-url=http://vllm.local:8000/v1");
  }

  private static ServiceArguments arguments(Map<String, String> environment, int noRedisPort) {
    return new ServiceArguments(
        StandaloneSettings.from(environment),
        "jdbc:postgresql://127.0.0.1:5999/promptly",
        5998,
        KEYS,
        noRedisPort);
  }
}
