package dev.promptly.api.ratelimit;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Spends one token of the calling tenant's bucket per request, after authentication and before the
 * handler: a submission ({@code POST /v1/jobs}, {@code POST /v1/batches}) from its submission
 * bucket, any other call from its read bucket, so a tenant at its submission limit can still read
 * its jobs. A refused request gets 429 {@code rate_limited} and costs nothing more. While Redis
 * cannot be reached, requests pass unlimited or get 503, as {@code promptly.ratelimit.fail-open}
 * says; never a 500.
 */
class RateLimitInterceptor implements HandlerInterceptor {
  private final TokenBuckets buckets;
  private final RateLimitProperties properties;
  private final Counter rejections;

  RateLimitInterceptor(TokenBuckets buckets, RateLimitProperties properties, MeterRegistry meters) {
    this.buckets = buckets;
    this.properties = properties;
    // No tenant tag: one noisy tenant is found in the logs, not by a series per tenant.
    this.rejections =
        Counter.builder("promptly.api.rate.limited")
            .description("Requests refused with 429 by a tenant's rate limit")
            .register(meters);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      // An event stream's end, dispatched back through the interceptors: already paid for.
      return true;
    }
    AuthenticatedTenant.of(request)
        .ifPresent(tenant -> admit(tenant, isSubmission(request), response));
    return true;
  }

  /** Whether the request submits work: the routes that {@code rate_limit_per_minute} limits. */
  static boolean isSubmission(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/v1/jobs") || path.equals("/v1/batches");
  }

  /**
   * Lets the request through, with the rate limit headers set on {@code response}.
   *
   * @throws ApiException 429 when the bucket is empty; 503 when Redis cannot be reached and the
   *     limiter fails closed
   */
  void admit(AuthenticatedTenant tenant, boolean submission, HttpServletResponse response) {
    // The submission bucket keeps the key it always had; reads have a bucket of their own.
    Optional<TokenBuckets.Take> outcome =
        submission
            ? buckets.take(tenant.id(), tenant.rateLimits().submissionsPerMinute())
            : buckets.take(tenant.id() + ":read", tenant.rateLimits().readsPerMinute());
    if (outcome.isEmpty()) {
      if (properties.failOpen()) {
        return;
      }
      HttpHeaders headers = new HttpHeaders();
      headers.set(
          HttpHeaders.RETRY_AFTER,
          Long.toString(Math.max(1, properties.unavailableRetryAfter().toSeconds())));
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "unavailable",
          "Rate limiting is unavailable, so requests are refused; try again shortly.",
          List.of(),
          headers);
    }
    TokenBuckets.Take take = outcome.get();
    HttpHeaders headers = new HttpHeaders();
    headers.set(RateLimitHeaders.LIMIT, Integer.toString(take.limit()));
    headers.set(RateLimitHeaders.REMAINING, Long.toString(take.remaining()));
    headers.set(RateLimitHeaders.RESET, Long.toString(take.resetSeconds()));
    if (!take.taken()) {
      rejections.increment();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(take.retryAfterSeconds()));
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate_limited",
          "Too many requests: this tenant may make "
              + take.limit()
              + (submission ? " submissions" : " reads")
              + " per minute. Retry after "
              + take.retryAfterSeconds()
              + " s.",
          List.of(),
          headers);
    }
    headers.forEach((name, values) -> response.setHeader(name, values.getFirst()));
  }
}
