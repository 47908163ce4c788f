package dev.promptly.emulator.batches;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * OpenAI's batch lifecycle: {@code validating → in_progress → finalizing → completed}, or {@code
 * failed} when the input file is invalid, or {@code cancelling → cancelled}. ({@code expired} is
 * OpenAI's too, but the emulator's batches never outlive their window: {@code batch_never_finish}
 * plays that provider.)
 */
enum BatchStatus {
  VALIDATING("validating"),
  FAILED("failed"),
  IN_PROGRESS("in_progress"),
  FINALIZING("finalizing"),
  COMPLETED("completed"),
  EXPIRED("expired"),
  CANCELLING("cancelling"),
  CANCELLED("cancelled");

  private final String wireName;

  BatchStatus(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  String wireName() {
    return wireName;
  }

  /**
   * Whether a cancel request still has something to stop; a finalizing batch has answered every
   * line already, and finishes.
   */
  boolean isCancellable() {
    return this == VALIDATING || this == IN_PROGRESS;
  }
}
