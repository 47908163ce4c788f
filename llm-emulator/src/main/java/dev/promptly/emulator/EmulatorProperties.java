package dev.promptly.emulator;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Startup configuration of the emulator. The fault and latency values are only the initial state:
 * the control API ({@code PUT /emulator/config}) changes them at runtime and {@code POST
 * /emulator/reset} returns to them.
 *
 * @param apiKey the only bearer key accepted; when blank any non-empty key is accepted
 * @param models the model ids listed by {@code GET /v1/models}
 * @param latencyMs delay before a non-streamed completion is answered, in milliseconds
 * @param ttftMs delay before the first content chunk of a streamed completion, in milliseconds
 * @param perTokenMs delay per token between content chunks of a streamed completion, in ms
 * @param errorRate fraction (0..1) of completions answered with {@code errorStatus}
 * @param errorStatus the HTTP status of injected errors (400..599)
 * @param outage whether every completion is answered with 503
 * @param rpmLimit completions admitted per rolling minute; 0 means unlimited
 * @param contextWindow the context window of every model, in tokens: a request whose prompt plus
 *     {@code max_tokens} exceeds it gets OpenAI's {@code context_length_exceeded} error
 * @param contextWindows context windows of particular models, overriding {@code contextWindow}
 * @param streamUsage whether a stream that asks for usage ({@code stream_options.include_usage})
 *     gets it; false plays providers that never send it
 * @param tpmLimit tokens admitted per rolling minute (prompt plus {@code max_tokens}, as OpenAI
 *     counts them); 0 means unlimited
 * @param batchProcessingMs how long a provider batch ({@code POST /v1/batches}) takes from its
 *     creation until it completes, in milliseconds; 0 answers it right away
 */
@Validated
@ConfigurationProperties("promptly.emulator")
public record EmulatorProperties(
    String apiKey,
    @DefaultValue({"gpt-4o-mini", "gpt-4o", "emulator-small"}) @NotEmpty List<String> models,
    @DefaultValue("0") @Min(0) @Max(MAX_DELAY_MS) long latencyMs,
    @DefaultValue("0") @Min(0) @Max(MAX_DELAY_MS) long ttftMs,
    @DefaultValue("0") @Min(0) @Max(MAX_DELAY_MS) long perTokenMs,
    @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double errorRate,
    @DefaultValue("500") @Min(400) @Max(599) int errorStatus,
    @DefaultValue("false") boolean outage,
    @DefaultValue("0") @Min(0) @Max(MAX_RPM_LIMIT) int rpmLimit,
    @DefaultValue("128000") @Min(MIN_CONTEXT_WINDOW) @Max(MAX_CONTEXT_WINDOW) int contextWindow,
    Map<String, Integer> contextWindows,
    @DefaultValue("true") boolean streamUsage,
    @DefaultValue("0") @Min(0) @Max(MAX_TPM_LIMIT) long tpmLimit,
    @DefaultValue("0") @Min(0) @Max(MAX_DELAY_MS) long batchProcessingMs) {

  /** Upper bound of every configurable delay: ten minutes is longer than any client timeout. */
  public static final long MAX_DELAY_MS = 600_000;

  /** Upper bound of the rate limit, which bounds the memory of the rolling window. */
  public static final int MAX_RPM_LIMIT = 1_000_000;

  /** Upper bound of the token limit: more than any provider's highest tier. */
  public static final long MAX_TPM_LIMIT = 10_000_000_000L;

  /** Bounds of a context window: room for OpenAI's framing, and no more than any real model. */
  public static final int MIN_CONTEXT_WINDOW = 16;

  public static final int MAX_CONTEXT_WINDOW = 10_000_000;

  public EmulatorProperties {
    models = List.copyOf(models);
    contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
  }

  public boolean requiresExactKey() {
    return apiKey != null && !apiKey.isBlank();
  }
}
