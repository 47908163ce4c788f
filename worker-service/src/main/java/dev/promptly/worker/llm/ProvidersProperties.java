package dev.promptly.worker.llm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenAI-compatible providers besides the default one ({@code promptly.llm}), by the name that
 * catalog entries give as {@code provider}; e.g. a local vLLM for {@code fast} and OpenAI for
 * {@code quality}. A {@code default} entry here replaces {@code promptly.llm}'s endpoint.
 *
 * @param providers each provider's endpoint, by name
 */
@Validated
@ConfigurationProperties("promptly")
public record ProvidersProperties(Map<String, @Valid Provider> providers) {

  public ProvidersProperties {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
  }

  /**
   * One provider's endpoint.
   *
   * @param baseUrl the base URL, up to and including {@code /v1}
   * @param apiKey the provider's API key; none (blank) means the Promptly emulator is expected
   *     there
   */
  public record Provider(@NotBlank String baseUrl, String apiKey) {
    // The key must never reach a log line, not even through a properties dump.
    @Override
    public String toString() {
      return "Provider[baseUrl=" + baseUrl + ", apiKey=***]";
    }
  }
}
