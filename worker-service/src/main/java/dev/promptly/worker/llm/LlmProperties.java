package dev.promptly.worker.llm;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The provider named {@code default} in the catalog ({@code OPENAI_BASE_URL}, {@code
 * OPENAI_API_KEY}), and what all providers share; more providers are in {@link
 * ProvidersProperties}.
 *
 * @param baseUrl the provider's base URL, up to and including {@code /v1}
 * @param apiKey the provider's API key; {@value #EMULATOR_KEY} means none was configured and the
 *     emulator is the provider
 * @param connectTimeout how long opening a connection to any provider may take
 */
@Validated
@ConfigurationProperties("promptly.llm")
public record LlmProperties(
    @DefaultValue("http://127.0.0.1:8090/v1") @NotBlank String baseUrl,
    @DefaultValue(EMULATOR_KEY) @NotBlank String apiKey,
    @DefaultValue("10s") Duration connectTimeout) {

  /** The key used when no {@code OPENAI_API_KEY} is set; the emulator accepts any key. */
  public static final String EMULATOR_KEY = "emulator";

  // The key must never reach a log line, not even through a properties dump.
  @Override
  public String toString() {
    return "LlmProperties[baseUrl="
        + baseUrl
        + ", apiKey=***, connectTimeout="
        + connectTimeout
        + "]";
  }
}
