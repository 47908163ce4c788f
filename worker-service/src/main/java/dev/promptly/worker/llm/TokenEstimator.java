package dev.promptly.worker.llm;

import dev.promptly.model.ChatMessage;
import java.util.List;

/**
 * Counts tokens the way OpenAI's current models do (o200k_base), for providers that answer without
 * usage: a call is never recorded as free just because the provider did not say.
 */
public class TokenEstimator {
  // OpenAI's documented per-message framing overhead, plus the reply's priming tokens.
  private static final int TOKENS_PER_MESSAGE = 4;
  private static final int REPLY_PRIMING = 3;

  // A summary's prompt is counted twice on the job's thread: to see whether it fits one call, then
  // to reserve rate and budget for that call. Counting is the worker's hottest code
  // (bench/NOTES.md),
  // so the last count is kept, for that very list: message lists are immutable (Prompt and
  // ChatRequest copy theirs), so the same list has the same tokens.
  private static final ThreadLocal<Counted> LAST_COUNTED = new ThreadLocal<>();

  private record Counted(List<ChatMessage> messages, int tokens) {}

  /** The tokens of {@code messages}, which must not change afterwards. */
  public int promptTokens(List<ChatMessage> messages) {
    Counted last = LAST_COUNTED.get();
    if (last != null && last.messages() == messages) {
      return last.tokens();
    }
    int total = count(messages);
    LAST_COUNTED.set(new Counted(messages, total));
    return total;
  }

  private static int count(List<ChatMessage> messages) {
    int total = REPLY_PRIMING;
    for (ChatMessage message : messages) {
      total += TOKENS_PER_MESSAGE + O200kEncoding.get().countTokensOrdinary(message.content());
    }
    return total;
  }

  public int textTokens(String text) {
    return O200kEncoding.get().countTokensOrdinary(text);
  }
}
