package dev.promptly.batching;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for the outcome of an item handed over to a {@link BatchingQueue}. */
public final class Outcomes {
  private Outcomes() {}

  /**
   * The outcome, or its failure thrown here as the work threw it.
   *
   * @throws IllegalStateException when the wait is interrupted
   */
  public static <T> T await(CompletableFuture<T> outcome) {
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }
}
