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

  /** An answer from a cache: {@code exact} or {@code semantic}. */
  public void addCached(ChatCompletion completion, ModelSpec servedBy, String cacheHit) {
    calls.add(Usage.ofCached(completion, servedBy, cacheHit));
  }

  /**
   * Whether every answer of the attempt came from a cache; the embedding that found a semantic hit
   * is a call, but no answer.
   */
  public boolean isAllCached() {
    List<Usage> answers = calls.stream().filter(call -> !call.embedding()).toList();
    return !answers.isEmpty() && answers.stream().allMatch(Usage::cached);
  }

  /** The cache that gave the attempt's answer, if one did. */
  public java.util.Optional<String> cacheHit() {
    return calls.stream().map(Usage::cacheHit).filter(java.util.Objects::nonNull).findFirst();
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
