package dev.promptly.emulator.control;

import java.time.Duration;

/**
 * What the rolling-minute limits look like after one completion request, as OpenAI's {@code
 * x-ratelimit-*} headers tell it. A limit of 0 is no limit, and its headers are not sent.
 *
 * @param limitRequests the {@code rpm_limit}
 * @param remainingRequests requests the window still admits
 * @param resetRequests how long until the window frees a request slot (its oldest entry leaves);
 *     zero when the window is empty
 * @param limitTokens the {@code tpm_limit}
 * @param remainingTokens tokens the window still admits
 * @param resetTokens how long until the window frees tokens (its oldest entry leaves)
 */
public record RateLimitStatus(
    int limitRequests,
    int remainingRequests,
    Duration resetRequests,
    long limitTokens,
    long remainingTokens,
    Duration resetTokens) {

  /** Neither limit is set. */
  public static final RateLimitStatus NONE =
      new RateLimitStatus(0, 0, Duration.ZERO, 0, 0, Duration.ZERO);
}
