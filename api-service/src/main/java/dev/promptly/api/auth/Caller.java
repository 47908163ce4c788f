package dev.promptly.api.auth;

/** Who made a request, as established from its API key. */
sealed interface Caller {

  /** A tenant, by its key, with the request limit it had when the key was read. */
  record Tenant(String tenantId, int rateLimitPerMinute) implements Caller {}

  /** The operator, by the admin key. */
  record Admin() implements Caller {}
}
