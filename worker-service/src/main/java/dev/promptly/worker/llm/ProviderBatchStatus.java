package dev.promptly.worker.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a provider batch is in OpenAI's lifecycle. */
public enum ProviderBatchStatus {
  VALIDATING,
  IN_PROGRESS,
  FINALIZING,
  COMPLETED,
  FAILED,
  EXPIRED,
  CANCELLING,
  CANCELLED;

  /**
   * Whether the provider will change nothing more. An expired or cancelled batch may still have
   * output and error files with the lines it answered before it stopped.
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
  }

  /** The status for OpenAI's name, e.g. {@code in_progress}; empty for one we do not know. */
  static Optional<ProviderBatchStatus> fromWireName(String wireName) {
    return Arrays.stream(values())
        .filter(status -> status.name().toLowerCase(Locale.ROOT).equals(wireName))
        .findFirst();
  }
}
