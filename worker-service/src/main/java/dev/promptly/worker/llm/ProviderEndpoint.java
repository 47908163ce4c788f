package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * Where one provider is reached and with which key.
 *
 * @param name the provider's name in the catalog, e.g. {@code default}
 * @param baseUrl the base URL, up to and including {@code /v1}
 * @param apiKey the API key; {@link LlmProperties#EMULATOR_KEY} when none is configured, which the
 *     emulator accepts
 */
record ProviderEndpoint(String name, String baseUrl, String apiKey) {

  ProviderEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    apiKey = apiKey == null || apiKey.isBlank() ? LlmProperties.EMULATOR_KEY : apiKey;
  }

  /** Whether no real key was configured, which means the emulator is the provider. */
  boolean usesEmulator() {
    return LlmProperties.EMULATOR_KEY.equals(apiKey);
  }

  /** The startup line that says where this provider is; never the key. */
  String describe() {
    return usesEmulator()
        ? "LLM provider '%s': %s (no API key is set, so the Promptly LLM emulator is the provider)"
            .formatted(name, baseUrl)
        : "LLM provider '%s': %s (OpenAI-compatible, with an API key)".formatted(name, baseUrl);
  }

  @Override
  public String toString() {
    return "ProviderEndpoint[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=***]";
  }
}
