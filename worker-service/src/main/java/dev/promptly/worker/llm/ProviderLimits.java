package dev.promptly.worker.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider said of its rate limits on one answer (OpenAI's {@code x-ratelimit-*} headers),
 * in our own terms.
 *
 * @param requests the requests-per-minute quota, or null when the answer did not say
 * @param tokens the tokens-per-minute quota, or null when the answer did not say
 */
public record ProviderLimits(Quota requests, Quota tokens) {

  /** An answer that said nothing of its limits. */
  public static final ProviderLimits NONE = new ProviderLimits(null, null);

  /**
   * One quota.
   *
   * @param limit how many the provider allows per window
   * @param remaining how many are left
   * @param reset how long until the provider's window frees capacity (zero when it did not say)
   */
  public record Quota(long limit, long remaining, Duration reset) {
    public Quota {
      Objects.requireNonNull(reset, "reset");
      if (limit <= 0 || remaining < 0 || reset.isNegative()) {
        throw new IllegalArgumentException("a quota needs a positive limit and nothing negative");
      }
    }
  }

  /** Whether the answer said anything of its limits. */
  public boolean isEmpty() {
    return requests == null && tokens == null;
  }
}
