package dev.promptly.api.auth;

/** Who made a request, as established from its API key. */
sealed interface Caller {

  /** A tenant, by its key. */
  record Tenant(String tenantId) implements Caller {}

  /** The operator, by the admin key. */
  record Admin() implements Caller {}
}
