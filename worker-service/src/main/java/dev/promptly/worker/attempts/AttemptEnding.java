package dev.promptly.worker.attempts;

import dev.promptly.model.JobErrorCode;
import dev.promptly.model.WaitingFor;
import dev.promptly.worker.calls.JobAnswer;
import java.time.Duration;
import java.time.Instant;

/**
 * How one attempt ends, decided once (by the runner from what the call came to, or by the {@link
 * FailurePolicy}) and written by {@link EndingWriter} in the completer's next batch.
 */
public sealed interface AttemptEnding {

  /** The model answered; the answer is stored unless a cancel arrived while it ran. */
  record Succeeded(JobAnswer answer) implements AttemptEnding {}

  /**
   * The attempt failed and another is due at {@code at}.
   *
   * @param errorCode the code recorded with the job, or null when none fits
   * @param reason the short, fixed reason the retry is counted under (a metric tag)
   */
  record RetryAt(Instant at, String errorCode, String errorMessage, String reason)
      implements AttemptEnding {}

  /**
   * Held back without using the attempt: the same attempt runs again after {@code holdFor}.
   *
   * @param waitingFor what holds it back, as the job resource says
   * @param why what held it back, for the job's history
   * @param reason the short, fixed reason it is counted under (a metric tag)
   */
  record Snooze(
      Duration holdFor,
      WaitingFor waitingFor,
      String errorCode,
      String errorMessage,
      String why,
      String reason)
      implements AttemptEnding {}

  /**
   * Set waiting without using the attempt and without a message: queued, {@code waiting_for} says
   * what for, until whatever it waits for lets it go (e.g. a raised budget) and dispatches it.
   */
  record Park(WaitingFor waitingFor, String why) implements AttemptEnding {}

  /** The job failed for good and becomes a dead letter. */
  record Failed(JobErrorCode code, String message, AttemptOutcome attemptOutcome)
      implements AttemptEnding {}

  /** A cancel was requested while the model call ran, and the call was abandoned. */
  record Cancelled() implements AttemptEnding {}
}
