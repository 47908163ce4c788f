package dev.promptly.worker.calls;

import dev.promptly.model.JobErrorCode;
import dev.promptly.tracing.TraceContexts;
import dev.promptly.worker.failures.RetryableJobException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The model calls this worker is making, by job. Each call runs on its own virtual thread while the
 * consumer's thread waits for it, so that a cancel, a lost lease, the job's timeout or shutdown can
 * abandon the call: interrupting it aborts the HTTP exchange, and the consumer's channel is never
 * touched by an interrupt.
 */
public class InFlightJobs implements AutoCloseable {

  /** Why a call was abandoned before the provider answered. */
  public enum AbortReason {
    /** The job's owner asked to cancel it. */
    CANCEL_REQUESTED,
    /** The job is no longer held by this worker (its lease ran out and it was handed back). */
    LEASE_LOST,
    /** The worker is shutting down and the shutdown grace is over. */
    SHUTDOWN
  }

  /** One running call. It ends once: by its answer, an abort, or its timeout. */
  public static final class Call {
    private final Future<?> future;
    private boolean ended; // guarded by this
    private AbortReason abortReason; // guarded by this; null for a timeout

    private Call(Future<?> future) {
      this.future = future;
    }

    /** Abandons the call; the first reason given is the one that counts. */
    public void abort(AbortReason reason) {
      if (end(reason)) {
        future.cancel(true);
      }
    }

    private boolean expire() {
      if (end(null)) {
        future.cancel(true);
        return true;
      }
      return false;
    }

    private synchronized boolean end(AbortReason reason) {
      if (ended) {
        return false;
      }
      ended = true;
      abortReason = reason;
      return true;
    }

    private synchronized AbortReason abortReason() {
      return abortReason;
    }
  }

  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("model-call-", 0).factory());
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final TraceContexts traces;

  InFlightJobs() {
    this(TraceContexts.none());
  }

  /**
   * @param traces carries the job's trace and log context to the thread that makes the call
   */
  InFlightJobs(TraceContexts traces) {
    this.traces = traces;
  }

  /**
   * Runs a job's model call (or calls: a summary in parts is one unit here) and waits at most
   * {@code timeout} for it.
   *
   * @throws CallAbortedException when the call was abandoned (cancel, lost lease, shutdown)
   * @throws RetryableJobException with {@link JobErrorCode#TIMEOUT} when the call took too long
   */
  <T> T call(String jobId, Duration timeout, Supplier<T> work) {
    Future<T> future = executor.submit(traces.carried(work)::get);
    Call call = new Call(future);
    calls.put(jobId, call);
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (call.expire()) {
        throw RetryableJobException.timedOut(timeout, e);
      }
      throw new CallAbortedException(call.abortReason());
    } catch (CancellationException e) {
      throw new CallAbortedException(call.abortReason());
    } catch (InterruptedException e) {
      // The listener container interrupts its consumers when the shutdown grace is over. The
      // interrupt is answered here: the call is abandoned and its message handed back. The flag is
      // not kept, since on a virtual thread it would make the next socket operation (the nack)
      // close the broker connection's socket.
      call.abort(AbortReason.SHUTDOWN);
      throw new CallAbortedException(AbortReason.SHUTDOWN);
    } catch (ExecutionException e) {
      throw asUnchecked(e.getCause());
    } finally {
      calls.remove(jobId, call);
    }
  }

  /** The calls running now, by job id. */
  public Map<String, Call> running() {
    return Map.copyOf(calls);
  }

  /** Abandons every running call. */
  public void abortAll(AbortReason reason) {
    calls.values().forEach(call -> call.abort(reason));
  }

  @Override
  public void close() {
    abortAll(AbortReason.SHUTDOWN);
    // Not close(): that would wait for calls that nobody is waiting for any more.
    executor.shutdownNow();
  }

  private static RuntimeException asUnchecked(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("model call failed", failure);
  }
}
