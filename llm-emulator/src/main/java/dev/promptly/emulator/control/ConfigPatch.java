package dev.promptly.emulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A partial {@link EmulatorSettings}: absent (or null) fields keep their current value. {@code
 * context_windows} and {@code batch_fail_custom_ids} replace the whole map or list.
 */
record ConfigPatch(
    @JsonProperty("latency_ms") Long latencyMs,
    @JsonProperty("ttft_ms") Long ttftMs,
    @JsonProperty("per_token_ms") Long perTokenMs,
    @JsonProperty("error_rate") Double errorRate,
    @JsonProperty("error_status") Integer errorStatus,
    @JsonProperty("outage") Boolean outage,
    @JsonProperty("rpm_limit") Integer rpmLimit,
    @JsonProperty("context_window") Integer contextWindow,
    @JsonProperty("context_windows") Map<String, Integer> contextWindows,
    @JsonProperty("stream_usage") Boolean streamUsage,
    @JsonProperty("empty_choices") Integer emptyChoices,
    @JsonProperty("tpm_limit") Long tpmLimit,
    @JsonProperty("rate_limit_headers") Boolean rateLimitHeaders,
    @JsonProperty("batch_processing_ms") Long batchProcessingMs,
    @JsonProperty("batch_fail_custom_ids") List<String> batchFailCustomIds,
    @JsonProperty("batch_fail_every") Integer batchFailEvery,
    @JsonProperty("batch_never_finish") Boolean batchNeverFinish,
    @JsonProperty("batch_create_delay_ms") Long batchCreateDelayMs) {

  /** A patch that leaves the token limit and the batch settings as they are. */
  ConfigPatch(
      Long latencyMs,
      Long ttftMs,
      Long perTokenMs,
      Double errorRate,
      Integer errorStatus,
      Boolean outage,
      Integer rpmLimit,
      Integer contextWindow,
      Map<String, Integer> contextWindows,
      Boolean streamUsage,
      Integer emptyChoices) {
    this(
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
        emptyChoices,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  EmulatorSettings applyTo(EmulatorSettings current) {
    return new EmulatorSettings(
        latencyMs != null ? latencyMs : current.latencyMs(),
        ttftMs != null ? ttftMs : current.ttftMs(),
        perTokenMs != null ? perTokenMs : current.perTokenMs(),
        errorRate != null ? errorRate : current.errorRate(),
        errorStatus != null ? errorStatus : current.errorStatus(),
        outage != null ? outage : current.outage(),
        rpmLimit != null ? rpmLimit : current.rpmLimit(),
        contextWindow != null ? contextWindow : current.contextWindow(),
        contextWindows != null ? contextWindows : current.contextWindows(),
        streamUsage != null ? streamUsage : current.streamUsage(),
        emptyChoices != null ? emptyChoices : current.emptyChoices(),
        tpmLimit != null ? tpmLimit : current.tpmLimit(),
        rateLimitHeaders != null ? rateLimitHeaders : current.rateLimitHeaders(),
        batchProcessingMs != null ? batchProcessingMs : current.batchProcessingMs(),
        batchFailCustomIds != null ? batchFailCustomIds : current.batchFailCustomIds(),
        batchFailEvery != null ? batchFailEvery : current.batchFailEvery(),
        batchNeverFinish != null ? batchNeverFinish : current.batchNeverFinish(),
        batchCreateDelayMs != null ? batchCreateDelayMs : current.batchCreateDelayMs());
  }
}
