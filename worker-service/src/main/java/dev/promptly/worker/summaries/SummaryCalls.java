package dev.promptly.worker.summaries;

import dev.promptly.worker.llm.ChatCompletion;
import dev.promptly.worker.prompts.Prompt;

/**
 * Makes one model call for a summary. The job flow supplies it, so that every call is timed,
 * charged and counted by the provider's circuit the same way as a single call.
 */
@FunctionalInterface
public interface SummaryCalls {

  /** Calls the job's model with this prompt; may be called from several threads at once. */
  ChatCompletion complete(Prompt prompt);

  /**
   * Summarizes one chunk of a long document (the map step): a draft, which the catalog may give to
   * a cheaper model than the job's.
   */
  default ChatCompletion completeChunk(Prompt prompt) {
    return complete(prompt);
  }

  /**
   * Makes the call whose text becomes the job's answer (a summary's only call, or its final
   * reduce), which may stream to the job's listeners; the other calls' text is never shown.
   */
  default ChatCompletion completeAnswer(Prompt prompt) {
    return complete(prompt);
  }
}
