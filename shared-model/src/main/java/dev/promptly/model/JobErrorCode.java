package dev.promptly.model;

/** Why a job failed, as shown in the job resource's {@code error.code}. */
public enum JobErrorCode {
  BUDGET_EXCEEDED,
  ATTEMPTS_EXHAUSTED,
  PROVIDER_REJECTED,
  CONTEXT_LENGTH_EXCEEDED,
  TIMEOUT,
  INVALID_REQUEST;

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static JobErrorCode fromWireName(String wireName) {
    return WireEnums.fromWireName(JobErrorCode.class, wireName);
  }
}
