package dev.promptly.worker.llm;

import java.util.Objects;

/**
 * One line of a batch's output or error file: the answer to the request of {@code customId}, or why
 * there is none.
 *
 * @param customId the id the line was uploaded with
 * @param answer what the model answered (usage included), or null when the line failed
 * @param error why the line failed, or null when it was answered
 */
public record ProviderBatchResult(String customId, ChatCompletion answer, ProviderLineError error) {

  public ProviderBatchResult {
    Objects.requireNonNull(customId, "customId");
    if ((answer == null) == (error == null)) {
      throw new IllegalArgumentException("a batch result is either an answer or an error");
    }
  }

  public boolean isAnswered() {
    return answer != null;
  }
}
