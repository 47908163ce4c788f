package dev.promptly.api.jobs;

import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.StrictJson;
import dev.promptly.model.CacheMode;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobKind;
import dev.promptly.model.ModelCatalog;
import dev.promptly.model.ModelSpec;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.webhooks.WebhookUrlPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a {@code POST /v1/jobs} body into a {@link JobSubmission}, or fails with every problem it
 * can find at once (type errors stop the binding of the object they occur in, so those are reported
 * one per object).
 */
@Component
public class JobRequestReader {
  static final int MAX_METADATA_PAIRS = 16;
  static final int MAX_METADATA_KEY_CHARS = 40;
  static final int MAX_METADATA_VALUE_CHARS = 500;
  static final int MAX_TIMEOUT_SECONDS = 600;
  static final int MAX_ATTEMPTS = 20;
  private static final List<String> KINDS = List.of("summarize", "chat");
  private static final List<String> PRIORITIES = List.of("low", "normal", "high");
  private static final List<String> CACHE_MODES = List.of("exact", "semantic", "off");
  private static final List<String> BUDGET_POLICIES = List.of("fail", "wait");

  private final StrictJson json;
  private final JobInputReader inputs;
  private final ModelCatalog catalog;
  private final WebhookUrlPolicy webhooks;
  private final JobsProperties properties;

  JobRequestReader(
      StrictJson json,
      JobInputReader inputs,
      ModelCatalog catalog,
      WebhookUrlPolicy webhooks,
      JobsProperties properties) {
    this.json = json;
    this.inputs = inputs;
    this.catalog = catalog;
    this.webhooks = webhooks;
    this.properties = properties;
  }

  /**
   * @throws ApiException 400 {@code invalid_request} listing the invalid fields
   */
  JobSubmission read(JsonNode body) {
    List<FieldProblem> problems = new ArrayList<>();
    JobSubmission job = read(body, problems);
    if (job == null) {
      throw ApiException.invalid(problems);
    }
    return job;
  }

  /**
   * Like {@link #read(JsonNode)}, adding what is wrong to {@code problems} instead of throwing: for
   * a batch, which reports the problems of all its jobs at once.
   *
   * @return null when the body is invalid
   */
  public JobSubmission read(JsonNode body, List<FieldProblem> problems) {
    int before = problems.size();
    StrictJson.Bound<JobRequest> bound =
        json.bind(body, JobRequest.class, "", problems).orElse(null);
    if (bound == null) {
      return null;
    }
    JobRequest request = bound.value();
    JobKind kind = kind(bound, problems);
    JobInput input = kind == null ? null : inputs.read(kind, request.input(), problems);
    ModelSpec model = model(request.model(), problems);
    Priority priority =
        FieldRules.oneOf(
            request.priority(),
            "priority",
            PRIORITIES,
            Priority::fromWireName,
            Priority.NORMAL,
            problems);
    CacheMode cache =
        FieldRules.oneOf(
            request.cache(),
            "cache",
            CACHE_MODES,
            CacheMode::fromWireName,
            CacheMode.EXACT,
            problems);
    OnBudgetExhausted onBudgetExhausted =
        FieldRules.oneOf(
            request.onBudgetExhausted(),
            "on_budget_exhausted",
            BUDGET_POLICIES,
            OnBudgetExhausted::fromWireName,
            OnBudgetExhausted.FAIL,
            problems);
    Map<String, String> metadata = metadata(request.metadata(), problems);
    Integer maxAttempts =
        FieldRules.intInRange(
            request.maxAttempts(),
            "max_attempts",
            1,
            MAX_ATTEMPTS,
            properties.defaultMaxAttempts(),
            problems);
    Integer timeoutSeconds =
        FieldRules.intInRange(
            request.timeoutSeconds(),
            "timeout_seconds",
            1,
            MAX_TIMEOUT_SECONDS,
            properties.defaultTimeoutSeconds(),
            problems);
    checkWebhook(request.webhookUrl(), "webhook_url", problems);
    checkCompletionWindow(request.completionWindow(), "completion_window", problems);
    if (problems.size() > before) {
      return null;
    }
    return new JobSubmission(
        input,
        model,
        priority,
        cache,
        onBudgetExhausted,
        metadata,
        request.webhookUrl(),
        maxAttempts,
        timeoutSeconds,
        request.completionWindow());
  }

  /** Adds a problem under {@code field} unless the window is null or "24h". */
  public static void checkCompletionWindow(
      String window, String field, List<FieldProblem> problems) {
    if (window != null && !JobSubmission.WINDOW_24H.equals(window)) {
      problems.add(new FieldProblem(field, "must be null or \"24h\""));
    }
  }

  private static JobKind kind(StrictJson.Bound<JobRequest> bound, List<FieldProblem> problems) {
    String kind = bound.value().kind();
    if (bound.rejected("kind") || !FieldRules.required(kind, "kind", problems)) {
      return null;
    }
    return FieldRules.oneOf(kind, "kind", KINDS, JobKind::fromWireName, null, problems);
  }

  /** Adds a problem under {@code field} when the URL may not receive webhooks. */
  public void checkWebhook(String url, String field, List<FieldProblem> problems) {
    if (url != null) {
      webhooks
          .problemWith(url)
          .ifPresent(message -> problems.add(new FieldProblem(field, message)));
    }
  }

  /** Checks a batch's metadata by the rules of a job's; returns it, or an empty map when absent. */
  public static Map<String, String> checkMetadata(
      Map<String, String> metadata, List<FieldProblem> problems) {
    return metadata(metadata, problems);
  }

  private ModelSpec model(String requested, List<FieldProblem> problems) {
    String name = requested == null ? properties.defaultModel() : requested;
    return catalog
        .resolve(name)
        .orElseGet(
            () -> {
              problems.add(
                  new FieldProblem("model", "must be a model alias or name from the catalog"));
              return null;
            });
  }

  private static Map<String, String> metadata(
      Map<String, String> metadata, List<FieldProblem> problems) {
    if (metadata == null) {
      return Map.of();
    }
    if (metadata.size() > MAX_METADATA_PAIRS) {
      problems.add(
          new FieldProblem("metadata", "must hold at most " + MAX_METADATA_PAIRS + " pairs"));
    }
    metadata.forEach(
        (key, value) -> {
          if (key.isEmpty() || key.length() > MAX_METADATA_KEY_CHARS) {
            problems.add(
                new FieldProblem(
                    "metadata",
                    "keys must be 1 to " + MAX_METADATA_KEY_CHARS + " characters long"));
          } else if (value == null) {
            problems.add(new FieldProblem("metadata." + key, "must be a string"));
          } else if (value.length() > MAX_METADATA_VALUE_CHARS) {
            problems.add(
                new FieldProblem(
                    "metadata." + key,
                    "must be at most " + MAX_METADATA_VALUE_CHARS + " characters"));
          }
        });
    return metadata;
  }
}
