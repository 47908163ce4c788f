package dev.promptly.api.auth;

import dev.promptly.api.ratelimit.TenantRateLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * The tenant a request acts for. Declare it as a controller parameter on a {@code /v1} route and it
 * is filled from the request's API key.
 *
 * @param id the tenant's id
 * @param rateLimits the tenant's request limits, read together with its key, so a change applies
 *     from the next request on every replica
 */
public record AuthenticatedTenant(String id, TenantRateLimits rateLimits) {
  public AuthenticatedTenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rateLimits, "rateLimits");
  }

  /** The tenant whose key authenticated the request; empty before authentication or for admin. */
  public static Optional<AuthenticatedTenant> of(HttpServletRequest request) {
    return request.getAttribute(AuthInterceptor.CALLER_ATTRIBUTE) instanceof Caller.Tenant tenant
        ? Optional.of(new AuthenticatedTenant(tenant.tenantId(), tenant.rateLimits()))
        : Optional.empty();
  }
}
