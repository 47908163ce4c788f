package dev.promptly.api.auth;

import dev.promptly.api.ratelimit.TenantRateLimits;

/** Who made a request, as established from its API key. */
sealed interface Caller {

  /** A tenant, by its key, with the request limits it had when the key was read. */
  record Tenant(String tenantId, TenantRateLimits rateLimits) implements Caller {}

  /** The operator, by the admin key. */
  record Admin() implements Caller {}
}
