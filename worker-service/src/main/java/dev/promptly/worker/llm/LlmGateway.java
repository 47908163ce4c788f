package dev.promptly.worker.llm;

import dev.promptly.worker.failures.PermanentJobException;
import dev.promptly.worker.failures.RetryableJobException;
import java.util.function.Consumer;

/**
 * Calls the chat models of one provider. The only way the worker talks to an LLM provider; {@link
 * LlmProviders} holds one per configured provider.
 */
public interface LlmGateway {

  /**
   * Runs one completion, without retrying: the queue owns retries.
   *
   * @throws RetryableJobException when another attempt may succeed (429, 5xx, timeout, connection,
   *     an answer without choices)
   * @throws PermanentJobException when no attempt can succeed (400-class, context length)
   */
  ChatCompletion complete(ChatRequest request);

  /**
   * Like {@link #complete}, but streamed: {@code deltas} receives each piece of text as the
   * provider sends it, on the calling thread's behalf; the answer is returned once the stream ends.
   * Interrupting the calling thread cancels the stream.
   */
  ChatCompletion stream(ChatRequest request, Consumer<String> deltas);

  /**
   * The provider's base URL: the key of its circuit breaker, so that one failing provider does not
   * hold back the others.
   */
  String baseUrl();
}
