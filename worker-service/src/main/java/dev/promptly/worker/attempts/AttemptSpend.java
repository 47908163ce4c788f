package dev.promptly.worker.attempts;

import dev.promptly.model.ModelSpec;
import dev.promptly.worker.calls.Usage;
import dev.promptly.worker.llm.ChatCompletion;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The model calls one attempt has made and been billed for; a summary in parts makes many, from
 * several threads. Each becomes a {@code usage_ledger} row when the attempt ends, however it ends.
 */
public final class AttemptSpend {
  private final List<Usage> calls = new CopyOnWriteArrayList<>();

  public void add(Usage call) {
    calls.add(call);
  }

  public void addCached(ChatCompletion completion, ModelSpec servedBy) {
    calls.add(Usage.ofCached(completion, servedBy));
  }

  /** Whether every call of the attempt was answered from the result cache. */
  public boolean isAllCached() {
    return !calls.isEmpty() && calls.stream().allMatch(Usage::cached);
  }

  List<Usage> calls() {
    return List.copyOf(calls);
  }

  int promptTokens() {
    return calls.stream().mapToInt(Usage::promptTokens).sum();
  }

  int completionTokens() {
    return calls.stream().mapToInt(Usage::completionTokens).sum();
  }

  long costMicros() {
    return calls.stream().mapToLong(Usage::costMicros).sum();
  }
}
