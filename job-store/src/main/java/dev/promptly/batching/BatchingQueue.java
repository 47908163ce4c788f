package dev.promptly.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items handed over by many threads and worked a batch at a time by a few threads of its own (the
 * hot path's one shape: a submission joins a group commit, a dispatch the publisher's next batch,
 * an ending the completer's). Each taker takes every item waiting when it becomes free, up to a
 * batch: an idle queue adds no wait, and under load batches grow by themselves while the previous
 * one is worked on. The work decides what a failure means for its items; what escapes it is handed
 * to {@code onEscape} with the batch, and the taker goes on.
 */
public final class BatchingQueue<T> {
  private static final Logger log = LoggerFactory.getLogger(BatchingQueue.class);
  private static final long POLL_MILLIS = 200;

  private final BlockingQueue<T> waiting;
  private final int maxBatch;
  private final Consumer<List<T>> work;
  private final BiConsumer<List<T>, Throwable> onEscape;
  private final List<Thread> takers = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param name the takers' thread name (with a number when there are several)
   * @param takers how many batches are worked at once
   * @param maxBatch the most items one batch holds
   * @param capacity how many items may wait
   * @param work what is done with a batch, on a taker's thread
   * @param onEscape what is done with a batch whose work threw
   */
  public BatchingQueue(
      String name,
      int takers,
      int maxBatch,
      int capacity,
      Consumer<List<T>> work,
      BiConsumer<List<T>, Throwable> onEscape) {
    this.waiting = new LinkedBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.work = work;
    this.onEscape = onEscape;
    for (int i = 0; i < takers; i++) {
      Thread taker =
          Thread.ofPlatform()
              .daemon()
              .name(takers == 1 ? name : name + "-" + i)
              .unstarted(this::take);
      this.takers.add(taker);
      taker.start();
    }
  }

  /** Hands an item over if there is room and the queue is open; never waits. */
  public boolean offer(T item) {
    return running && waiting.offer(item);
  }

  /**
   * Hands an item over, waiting while the queue is full (back-pressure on the callers).
   *
   * @return false when the queue was closed, before or while the item was handed over: then nobody
   *     will take it
   */
  public boolean put(T item) throws InterruptedException {
    if (!running) {
      return false;
    }
    waiting.put(item);
    return running || !waiting.remove(item);
  }

  /** How many items wait now. */
  public int size() {
    return waiting.size();
  }

  /** How many more items fit now. */
  public int remainingCapacity() {
    return waiting.remainingCapacity();
  }

  private void take() {
    List<T> batch = new ArrayList<>(maxBatch);
    while (running) {
      try {
        T first = waiting.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        waiting.drainTo(batch, maxBatch - 1);
        work.accept(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // A taker must outlive anything one batch does.
        log.error("a batch of {} failed unexpectedly", batch.size(), e);
        onEscape.accept(List.copyOf(batch), e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Stops taking: each taker finishes the batch in hand (waited for up to {@code wait}).
   *
   * @return the items still waiting, which nobody will take
   */
  public List<T> close(Duration wait) {
    running = false;
    long deadline = System.nanoTime() + wait.toNanos();
    for (Thread taker : takers) {
      try {
        taker.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<T> left = new ArrayList<>();
    waiting.drainTo(left);
    return left;
  }
}
