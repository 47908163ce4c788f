package dev.promptly.worker.failures;

import dev.promptly.model.JobErrorCode;
import java.util.Objects;

/** A failure no retry can fix: the job fails at once with {@link #code()}. */
public class PermanentJobException extends RuntimeException {
  private final JobErrorCode code;

  /**
   * @param code why the job failed, as shown to its owner
   * @param message what went wrong, fit to show to the job's owner (no prompt, no key)
   * @param cause the underlying failure, or null
   */
  public PermanentJobException(JobErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public JobErrorCode code() {
    return code;
  }
}
