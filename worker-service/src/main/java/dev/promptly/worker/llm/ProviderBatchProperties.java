package dev.promptly.worker.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker talks to a provider's Files and Batches endpoints (OpenAI's batch protocol); where
 * each provider is comes from {@link LlmProperties} and {@link ProvidersProperties}, as for live
 * calls.
 *
 * @param requestTimeout how long creating, retrieving, listing or cancelling a batch may take
 * @param transferTimeout how long uploading a batch file may take, and how long downloading one may
 *     wait for the provider to start sending it
 */
@Validated
@ConfigurationProperties("promptly.provider-batches")
public record ProviderBatchProperties(
    @DefaultValue("30s") Duration requestTimeout, @DefaultValue("10m") Duration transferTimeout) {

  public ProviderBatchProperties {
    if (!requestTimeout.isPositive() || !transferTimeout.isPositive()) {
      throw new IllegalArgumentException("provider batch timeouts must be positive");
    }
  }
}
