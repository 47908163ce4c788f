package dev.promptly.api.jobs;

import dev.promptly.model.CacheMode;
import dev.promptly.model.JobInput;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import java.util.Map;
import java.util.Objects;

/** A validated job request with every default applied: what gets stored. */
public record JobSubmission(
    JobInput input,
    ModelSpec model,
    Priority priority,
    CacheMode cache,
    OnBudgetExhausted onBudgetExhausted,
    Map<String, String> metadata,
    String webhookUrl,
    int maxAttempts,
    int timeoutSeconds) {
  public JobSubmission {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(onBudgetExhausted, "onBudgetExhausted");
    metadata = Map.copyOf(metadata);
  }
}
