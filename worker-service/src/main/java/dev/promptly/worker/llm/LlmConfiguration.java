package dev.promptly.worker.llm;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The model gateway, built by us rather than by a starter, so that retries stay off. */
@Configuration(proxyBeanMethods = false)
class LlmConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);

  @Bean
  LlmGateway llmGateway(LlmProperties properties, Clock clock) {
    if (properties.usesEmulator()) {
      log.info(
          "LLM provider: {} (no OPENAI_API_KEY is set, so the Promptly LLM emulator is the provider)",
          properties.baseUrl());
    } else {
      log.info(
          "LLM provider: {} (OpenAI-compatible, key from OPENAI_API_KEY)", properties.baseUrl());
    }
    return new OpenAiCompatibleGateway(properties, clock);
  }
}
