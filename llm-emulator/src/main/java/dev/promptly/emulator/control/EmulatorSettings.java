package dev.promptly.emulator.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.emulator.EmulatorProperties;

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
 */
public record EmulatorSettings(
    @JsonProperty("latency_ms") long latencyMs,
    @JsonProperty("ttft_ms") long ttftMs,
    @JsonProperty("per_token_ms") long perTokenMs,
    @JsonProperty("error_rate") double errorRate,
    @JsonProperty("error_status") int errorStatus,
    @JsonProperty("outage") boolean outage,
    @JsonProperty("rpm_limit") int rpmLimit) {

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
  }

  static EmulatorSettings from(EmulatorProperties properties) {
    return new EmulatorSettings(
        properties.latencyMs(),
        properties.ttftMs(),
        properties.perTokenMs(),
        properties.errorRate(),
        properties.errorStatus(),
        properties.outage(),
        properties.rpmLimit());
  }

  private static void requireDelay(String name, long millis) {
    if (millis < 0 || millis > EmulatorProperties.MAX_DELAY_MS) {
      throw new InvalidSettingException(
          name, name + " must be between 0 and " + EmulatorProperties.MAX_DELAY_MS);
    }
  }
}
