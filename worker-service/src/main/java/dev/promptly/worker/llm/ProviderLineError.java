package dev.promptly.worker.llm;

import dev.promptly.model.JobErrorCode;
import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;

/**
 * Why the provider did not answer one line of a batch.
 *
 * @param status the HTTP status the line got, or null when the provider never ran it (e.g. {@code
 *     batch_expired}, {@code batch_cancelled})
 * @param code the provider's error code, or null
 * @param message the provider's message, or a description of what was missing
 */
public record ProviderLineError(Integer status, String code, String message) {

  /**
   * The failure a live call would have met: a line that was never run, or that met a rate limit, a
   * provider fault or an answer without choices can be tried again (live or in the next file); a
   * line the provider rejected cannot.
   */
  public RuntimeException toFailure() {
    String detail = code == null ? message : code + ": " + message;
    if (status == null || status == 429 || status == 408 || status >= 500 || status < 400) {
      boolean providerFault = status == null || status != 429;
      return new RetryableJobException(
          "provider batch line failed (" + describe(detail) + ")", null, null, providerFault, null);
    }
    JobErrorCode jobCode =
        "context_length_exceeded".equals(code)
            ? JobErrorCode.CONTEXT_LENGTH_EXCEEDED
            : JobErrorCode.PROVIDER_REJECTED;
    return new PermanentJobException(
        jobCode, "provider rejected the batch line (" + describe(detail) + ")", null);
  }

  private String describe(String detail) {
    return status == null ? detail : "HTTP " + status + ": " + detail;
  }
}
