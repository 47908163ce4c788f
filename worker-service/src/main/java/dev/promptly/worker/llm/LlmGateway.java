package dev.promptly.worker.llm;

import dev.promptly.worker.jobs.PermanentJobException;
import dev.promptly.worker.jobs.RetryableJobException;

/** Calls a chat model. The only way the worker talks to an LLM provider. */
public interface LlmGateway {

  /**
   * Runs one completion, without retrying: the queue owns retries.
   *
   * @throws RetryableJobException when another attempt may succeed (429, 5xx, timeout, connection)
   * @throws PermanentJobException when no attempt can succeed (400-class, context length)
   */
  ChatCompletion complete(ChatRequest request);

  /**
   * The provider that serves a model, named by its base URL: the key of its circuit breaker, so
   * that one failing provider does not hold back the others.
   */
  String providerFor(String model);
}
