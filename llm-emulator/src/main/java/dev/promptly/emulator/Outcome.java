package dev.promptly.emulator;

/** How the emulator answered one completion request, as counted by {@code GET /emulator/stats}. */
public enum Outcome {
  OK("ok"),
  INJECTED_ERROR("injected_error"),
  OUTAGE("outage"),
  RATE_LIMITED("rate_limited"),
  BAD_REQUEST("bad_request"),
  CONTEXT_LENGTH_EXCEEDED("context_length_exceeded"),
  UNAUTHORIZED("unauthorized");

  private final String wireName;

  Outcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
