package dev.promptly.model;

/**
 * What holds a {@code queued} or {@code retry_scheduled} job back, the job resource's {@code
 * waiting_for}: the first answer to "why is my job not running?".
 */
public enum WaitingFor {
  /** The tenant runs as many jobs as its {@code max_concurrent_jobs} allows. */
  TENANT_CONCURRENCY,
  /** The provider's requests or tokens per minute are used up. */
  PROVIDER_RATE_LIMIT,
  /** The provider's circuit is open after repeated failures. */
  PROVIDER_CIRCUIT,
  /** The tenant's budget is spent and the job was submitted to wait for more. */
  BUDGET,
  /** The job is in a provider batch that has not answered yet. */
  PROVIDER_BATCH,
  /** A failed attempt's backoff runs before the next one. */
  BACKOFF;

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return WireEnums.wireName(this);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} for an unknown one. */
  public static WaitingFor fromWireName(String wireName) {
    return WireEnums.fromWireName(WaitingFor.class, wireName);
  }
}
