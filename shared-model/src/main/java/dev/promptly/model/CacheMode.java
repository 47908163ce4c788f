package dev.promptly.model;

/**
 * How a job may be answered from earlier answers of the same tenant: {@code exact} (an identical
 * deterministic request), {@code semantic} (also a close enough one, by embeddings) or {@code off}
 * (always a model call).
 */
public enum CacheMode {
  EXACT,
  SEMANTIC,
  OFF;

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static CacheMode fromWireName(String wireName) {
    return WireEnums.fromWireName(CacheMode.class, wireName);
  }

  /** Whether this job may be answered from the cache at all. */
  public boolean usesCache() {
    return this != OFF;
  }
}
