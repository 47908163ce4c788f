package dev.promptly.emulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A partial {@link EmulatorSettings}: absent (or null) fields keep their current value. {@code
 * context_windows} replaces the whole map.
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
    @JsonProperty("rate_limit_headers") Boolean rateLimitHeaders) {

  /** A patch that leaves the token limit as it is. */
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
        rateLimitHeaders != null ? rateLimitHeaders : current.rateLimitHeaders());
  }
}
