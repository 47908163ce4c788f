package dev.promptly.emulator;

/**
 * What the emulator's Files and Batches endpoints did, as counted by {@code GET /emulator/stats}.
 */
public enum BatchEvent {
  FILE_CREATED("files_created"),
  BATCH_CREATED("batches_created"),
  LINE_ANSWERED("lines_answered"),
  LINE_FAILED("lines_failed"),
  BATCH_CANCELLED("batches_cancelled");

  private final String wireName;

  BatchEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
