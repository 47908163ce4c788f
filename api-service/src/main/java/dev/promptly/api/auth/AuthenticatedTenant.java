package dev.promptly.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant a request acts for. Declare it as a controller parameter on a {@code /v1} route and it
 * is filled from the request's API key.
 *
 * @param id the tenant's id
 * @param rateLimitPerMinute the tenant's request limit, read together with its key, so a change
 *     applies from the next request on every replica
 */
public record AuthenticatedTenant(String id, int rateLimitPerMinute) {
  public AuthenticatedTenant {
    Objects.requireNonNull(id, "id");
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("rateLimitPerMinute must be positive");
    }
  }

  /** The tenant whose key authenticated the request; empty before authentication or for admin. */
  public static Optional<AuthenticatedTenant> of(HttpServletRequest request) {
    return request.getAttribute(AuthInterceptor.CALLER_ATTRIBUTE) instanceof Caller.Tenant tenant
        ? Optional.of(new AuthenticatedTenant(tenant.tenantId(), tenant.rateLimitPerMinute()))
        : Optional.empty();
  }
}
