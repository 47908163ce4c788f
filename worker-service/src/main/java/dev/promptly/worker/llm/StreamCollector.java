package dev.promptly.worker.llm;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Hands each streamed piece of text on as it comes and collects the final answer, so that the
 * calling thread can wait for a stream like for any other call, and cancel it by being interrupted.
 */
final class StreamCollector implements StreamingChatResponseHandler {
  private final Consumer<String> deltas;
  private final CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
  private volatile StreamingHandle handle;

  StreamCollector(Consumer<String> deltas) {
    this.deltas = deltas;
  }

  @Override
  public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
    handle = context.streamingHandle();
    if (partial.text() != null && !partial.text().isEmpty()) {
      deltas.accept(partial.text());
    }
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    answer.complete(response);
  }

  @Override
  public void onError(Throwable error) {
    answer.completeExceptionally(error);
  }

  /** Waits for the end of the stream; its failure is classified like a plain call's. */
  ChatResponse await(Duration timeout) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      // Abandoned (cancel, lost lease, shutdown, timeout): stop reading, nobody waits any more.
      StreamingHandle current = handle;
      if (current != null) {
        current.cancel();
      }
      Thread.currentThread().interrupt();
      throw new IllegalStateException("stream abandoned", e);
    } catch (ExecutionException e) {
      throw ProviderErrors.classify(e.getCause(), timeout);
    }
  }
}
