package dev.promptly.worker.llm;

/**
 * Hears of every answer a provider gives, on the thread that received it; e.g. the shared provider
 * windows, which learn the provider's limits from it. Must be quick and must not throw.
 */
@FunctionalInterface
public interface ProviderAnswerListener {

  /** Listens to nothing. */
  ProviderAnswerListener NONE = answer -> {};

  void answered(ProviderAnswer answer);
}
