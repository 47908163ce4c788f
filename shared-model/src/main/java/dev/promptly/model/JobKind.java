package dev.promptly.model;

/** The kinds of job Promptly runs; the input of each is a {@link JobInput} record. */
public enum JobKind {
  SUMMARIZE,
  CHAT;

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static JobKind fromWireName(String wireName) {
    return WireEnums.fromWireName(JobKind.class, wireName);
  }
}
