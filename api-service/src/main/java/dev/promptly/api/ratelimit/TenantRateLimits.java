package dev.promptly.api.ratelimit;

/**
 * A tenant's two request limits, each with a bucket of its own: submissions ({@code POST /v1/jobs}
 * and {@code POST /v1/batches}) and reads (every other {@code /v1} call), so that a tenant at its
 * submission limit can still read the jobs it has.
 *
 * @param submissionsPerMinute {@code rate_limit_per_minute}
 * @param readsPerMinute {@code read_rate_limit_per_minute}, or by default ten times the submissions
 */
public record TenantRateLimits(int submissionsPerMinute, int readsPerMinute) {
  /** The read limit of a tenant that set none, per submission allowed. */
  public static final int DEFAULT_READS_PER_SUBMISSION = 10;

  /** The largest read limit a tenant may be given. */
  public static final int MAX_READS_PER_MINUTE = 10_000_000;

  public TenantRateLimits {
    if (submissionsPerMinute < 1 || readsPerMinute < 1) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
  }

  /** The limits as stored: {@code readsPerMinute} null means the default. */
  public static TenantRateLimits of(int submissionsPerMinute, Integer readsPerMinute) {
    return new TenantRateLimits(
        submissionsPerMinute,
        readsPerMinute != null
            ? readsPerMinute
            : (int)
                Math.min(
                    Integer.MAX_VALUE, (long) submissionsPerMinute * DEFAULT_READS_PER_SUBMISSION));
  }
}
