package dev.promptly.emulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.EmulatorProperties;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The runtime behaviour of the emulator, as shown and changed by {@code /emulator/config}.
 *
 * @param latencyMs delay before a non-streamed completion is answered
 * @param ttftMs delay before the first content chunk of a stream
 * @param perTokenMs delay per token between content chunks of a stream
 * @param errorRate fraction of completions answered with {@code errorStatus}
 * @param errorStatus HTTP status of injected errors
 * @param outage whether every completion is answered with 503
 * @param rpmLimit completions admitted per rolling minute, 0 for unlimited
 * @param contextWindow context window of every model not in {@code contextWindows}, in tokens
 * @param contextWindows context windows of particular models, by model name
 * @param streamUsage whether streams that ask for usage get the closing usage chunk
 * @param emptyChoices how many of the next completions are answered with an empty {@code choices}
 * @param tpmLimit tokens (prompt plus {@code max_tokens}, as OpenAI counts them) admitted per
 *     rolling minute, 0 for unlimited
 * @param rateLimitHeaders whether answers carry the {@code x-ratelimit-*} headers of the limits;
 *     false plays a provider that never sends them (vLLM, Ollama)
 * @param batchProcessingMs how long a provider batch takes from its creation until it completes; 0
 *     answers it right away
 * @param batchFailCustomIds the {@code custom_id}s whose batch lines fail with a 500
 * @param batchFailEvery every Nth line of a batch file (the Nth, the 2Nth, ...) fails with a 500; 0
 *     for none
 * @param batchNeverFinish whether batches stay {@code in_progress} (until this is switched off), as
 *     a provider that does not answer within the completion window
 * @param batchCreateDelayMs how long the answer to a batch's creation is held back after the batch
 *     was created: a client that dies meanwhile has made a batch it never heard of
 */
public record EmulatorSettings(
    @JsonProperty("latency_ms") long latencyMs,
    @JsonProperty("ttft_ms") long ttftMs,
    @JsonProperty("per_token_ms") long perTokenMs,
    @JsonProperty("error_rate") double errorRate,
    @JsonProperty("error_status") int errorStatus,
    @JsonProperty("outage") boolean outage,
    @JsonProperty("rpm_limit") int rpmLimit,
    @JsonProperty("context_window") int contextWindow,
    @JsonProperty("context_windows") Map<String, Integer> contextWindows,
    @JsonProperty("stream_usage") boolean streamUsage,
    @JsonProperty("empty_choices") int emptyChoices,
    @JsonProperty("tpm_limit") long tpmLimit,
    @JsonProperty("rate_limit_headers") boolean rateLimitHeaders,
    @JsonProperty("batch_processing_ms") long batchProcessingMs,
    @JsonProperty("batch_fail_custom_ids") List<String> batchFailCustomIds,
    @JsonProperty("batch_fail_every") int batchFailEvery,
    @JsonProperty("batch_never_finish") boolean batchNeverFinish,
    @JsonProperty("batch_create_delay_ms") long batchCreateDelayMs) {

  /** The context window of gpt-4o and gpt-4o-mini. */
  public static final int DEFAULT_CONTEXT_WINDOW = 128_000;

  public EmulatorSettings {
    requireDelay("latency_ms", latencyMs);
    requireDelay("ttft_ms", ttftMs);
    requireDelay("per_token_ms", perTokenMs);
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new InvalidSettingException("error_rate", "error_rate must be between 0 and 1");
    }
    if (errorStatus < 400 || errorStatus > 599) {
      throw new InvalidSettingException("error_status", "error_status must be between 400 and 599");
    }
    if (rpmLimit < 0 || rpmLimit > EmulatorProperties.MAX_RPM_LIMIT) {
      throw new InvalidSettingException(
          "rpm_limit", "rpm_limit must be between 0 and " + EmulatorProperties.MAX_RPM_LIMIT);
    }
    requireContextWindow("context_window", contextWindow);
    contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
    contextWindows.values().forEach(window -> requireContextWindow("context_windows", window));
    if (tpmLimit < 0 || tpmLimit > EmulatorProperties.MAX_TPM_LIMIT) {
      throw new InvalidSettingException(
          "tpm_limit", "tpm_limit must be between 0 and " + EmulatorProperties.MAX_TPM_LIMIT);
    }
    if (emptyChoices < 0) {
      throw new InvalidSettingException("empty_choices", "empty_choices must not be negative");
    }
    requireDelay("batch_processing_ms", batchProcessingMs);
    requireDelay("batch_create_delay_ms", batchCreateDelayMs);
    if (batchFailCustomIds != null
        // List.of().contains(null) throws: immutable lists refuse to look for null.
        && batchFailCustomIds.stream().anyMatch(Objects::isNull)) {
      throw new InvalidSettingException(
          "batch_fail_custom_ids", "batch_fail_custom_ids must not contain null");
    }
    batchFailCustomIds = batchFailCustomIds == null ? List.of() : List.copyOf(batchFailCustomIds);
    if (batchFailEvery < 0) {
      throw new InvalidSettingException(
          "batch_fail_every", "batch_fail_every must not be negative");
    }
  }

  /** The startup settings with everything else at its default; what tests of other fields need. */
  public EmulatorSettings(
      long latencyMs,
      long ttftMs,
      long perTokenMs,
      double errorRate,
      int errorStatus,
      boolean outage,
      int rpmLimit) {
    this(
        latencyMs,
        ttftMs,
        perTokenMs,
        errorRate,
        errorStatus,
        outage,
        rpmLimit,
        DEFAULT_CONTEXT_WINDOW,
        Map.of(),
        true,
        0,
        0,
        true,
        0,
        List.of(),
        0,
        false,
        0);
  }

  /** The context window of a model, in tokens. */
  public int contextWindowOf(String model) {
    return contextWindows.getOrDefault(model, contextWindow);
  }

  static EmulatorSettings from(EmulatorProperties properties) {
    return new EmulatorSettings(
        properties.latencyMs(),
        properties.ttftMs(),
        properties.perTokenMs(),
        properties.errorRate(),
        properties.errorStatus(),
        properties.outage(),
        properties.rpmLimit(),
        properties.contextWindow(),
        properties.contextWindows(),
        properties.streamUsage(),
        0,
        properties.tpmLimit(),
        true,
        properties.batchProcessingMs(),
        List.of(),
        0,
        false,
        0);
  }

  EmulatorSettings withEmptyChoices(int remaining) {
    return new EmulatorSettings(
        latencyMs,
        ttftMs,
        perTokenMs,
        errorRate,
        errorStatus,
        outage,
        rpmLimit,
        contextWindow,
        contextWindows,
        streamUsage,
        remaining,
        tpmLimit,
        rateLimitHeaders,
        batchProcessingMs,
        batchFailCustomIds,
        batchFailEvery,
        batchNeverFinish,
        batchCreateDelayMs);
  }

  private static void requireDelay(String name, long millis) {
    if (millis < 0 || millis > EmulatorProperties.MAX_DELAY_MS) {
      throw new InvalidSettingException(
          name, name + " must be between 0 and " + EmulatorProperties.MAX_DELAY_MS);
    }
  }

  private static void requireContextWindow(String name, Integer tokens) {
    if (tokens == null
        || tokens < EmulatorProperties.MIN_CONTEXT_WINDOW
        || tokens > EmulatorProperties.MAX_CONTEXT_WINDOW) {
      throw new InvalidSettingException(
          name,
          name
              + " must be between "
              + EmulatorProperties.MIN_CONTEXT_WINDOW
              + " and "
              + EmulatorProperties.MAX_CONTEXT_WINDOW);
    }
  }
}
