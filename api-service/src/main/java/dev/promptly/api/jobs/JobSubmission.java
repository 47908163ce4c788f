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
    int timeoutSeconds,
    String completionWindow) {
  /** The only completion window besides null (run now): through the provider's batch API. */
  public static final String WINDOW_24H = "24h";

  /** A job to run now. */
  public JobSubmission(
      JobInput input,
      ModelSpec model,
      Priority priority,
      CacheMode cache,
      OnBudgetExhausted onBudgetExhausted,
      Map<String, String> metadata,
      String webhookUrl,
      int maxAttempts,
      int timeoutSeconds) {
    this(
        input,
        model,
        priority,
        cache,
        onBudgetExhausted,
        metadata,
        webhookUrl,
        maxAttempts,
        timeoutSeconds,
        null);
  }

  public JobSubmission {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(onBudgetExhausted, "onBudgetExhausted");
    metadata = Map.copyOf(metadata);
    if (completionWindow != null && !WINDOW_24H.equals(completionWindow)) {
      throw new IllegalArgumentException("completion window must be null or 24h");
    }
  }

  /** Whether the job waits for the provider's batch API rather than running now. */
  public boolean isProviderBatch() {
    return WINDOW_24H.equals(completionWindow);
  }

  /** This job with {@code window} as its completion window. */
  public JobSubmission withCompletionWindow(String window) {
    return new JobSubmission(
        input,
        model,
        priority,
        cache,
        onBudgetExhausted,
        metadata,
        webhookUrl,
        maxAttempts,
        timeoutSeconds,
        window);
  }
}
