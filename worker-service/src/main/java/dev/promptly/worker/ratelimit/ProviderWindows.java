package dev.promptly.worker.ratelimit;

import dev.promptly.worker.llm.ProviderLimits;

/**
 * Where the rolling-minute windows of the providers' models live: in Redis, shared by every worker
 * ({@link RedisProviderWindows}), or in this worker's memory ({@link LocalProviderWindows}). Both
 * keep the same three things per model: the calls admitted in the last minute (with their tokens),
 * the requests limit learned from the provider's headers, and a pause until its reset time.
 */
interface ProviderWindows {

  /** Admitted, and entered into the window. */
  long ADMITTED = 0;

  /** Admitted without entering the window: no limit applies to the model. */
  long UNLIMITED = -1;

  /**
   * Admits one call of {@code tokens} tokens under the lower of the configured and the learned
   * limits (0: none configured).
   *
   * @return {@link #ADMITTED}, {@link #UNLIMITED}, or the milliseconds until it could be admitted
   */
  long acquire(String key, int requestsPerMinute, long tokensPerMinute, long tokens, String id);

  /** Moves an admitted call to the time it ended. */
  void done(String key, String id, long tokens);

  /**
   * Takes in what an answer said of the provider's limits: learns them, makes the window count at
   * least what the provider counts, and pauses the window until the reset time when next to nothing
   * is left.
   *
   * @return how long the window is now paused for, in milliseconds; 0 when it is not
   */
  long learn(String key, ProviderLimits limits);
}
