package dev.promptly.api.ratelimit;

/**
 * The response headers of rate-limited routes, as in the IETF draft "RateLimit header fields for
 * HTTP" (draft-ietf-httpapi-ratelimit-headers): all three are sent on every answer such a route
 * gives while Redis can be reached, and a refused request also gets {@code Retry-After}.
 */
public final class RateLimitHeaders {
  /** The tenant's requests per minute, which is also the largest burst. */
  public static final String LIMIT = "RateLimit-Limit";

  /** Requests the tenant may still make at once. */
  public static final String REMAINING = "RateLimit-Remaining";

  /** Seconds until the tenant's allowance is full again. */
  public static final String RESET = "RateLimit-Reset";

  private RateLimitHeaders() {}
}
