package dev.promptly.worker.summaries;

import dev.promptly.tracing.TraceContexts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs the calls of one round on virtual threads, at most {@code perJob} of this job's at once and
 * at most the worker-wide number of all summaries' at once. The first failure cancels the rest of
 * the round, as does an interrupt of the job's thread (cancel, lost lease, timeout, shutdown).
 */
final class ParallelCalls {
  private final Semaphore global;
  private final TraceContexts traces;

  ParallelCalls(int maxParallelCalls, TraceContexts traces) {
    this.global = new Semaphore(maxParallelCalls, true);
    this.traces = traces;
  }

  /** Runs {@code count} calls, call {@code i} made by {@code call.apply(i)}; results in order. */
  <T> List<T> run(int count, int perJob, IntFunction<T> call) {
    Semaphore mine = new Semaphore(perJob);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Indexed<T>> done = new ExecutorCompletionService<>(pool);
      List<Future<Indexed<T>>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        // Each chunk call is a span of the job's trace, and logs with the job's ids.
        Supplier<T> carried = traces.carried(() -> call.apply(index));
        futures.add(done.submit(bounded(mine, () -> new Indexed<>(index, carried.get()))));
      }
      List<T> results = new ArrayList<>(Collections.nCopies(count, null));
      try {
        for (int i = 0; i < count; i++) {
          Indexed<T> result = done.take().get();
          results.set(result.index(), result.value());
        }
      } catch (ExecutionException e) {
        futures.forEach(future -> future.cancel(true));
        throw unchecked(e.getCause());
      } catch (InterruptedException e) {
        // The job's own call was abandoned; whoever waited for it has gone already.
        futures.forEach(future -> future.cancel(true));
        throw new CancellationException("summary abandoned");
      }
      return results;
    }
  }

  // Always this job's permit first, then the worker's: one order, so no two jobs deadlock.
  private <V> Callable<V> bounded(Semaphore mine, Callable<V> work) {
    return () -> {
      mine.acquire();
      try {
        global.acquire();
        try {
          return work.call();
        } finally {
          global.release();
        }
      } finally {
        mine.release();
      }
    };
  }

  private record Indexed<T>(int index, T value) {}

  private static RuntimeException unchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("a summary call failed", failure);
  }
}
