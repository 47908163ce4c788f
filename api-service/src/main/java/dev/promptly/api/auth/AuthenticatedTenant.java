package dev.promptly.api.auth;

import java.util.Objects;

/**
 * The tenant a request acts for. Declare it as a controller parameter on a {@code /v1} route and it
 * is filled from the request's API key.
 */
public record AuthenticatedTenant(String id) {
  public AuthenticatedTenant {
    Objects.requireNonNull(id, "id");
  }
}
