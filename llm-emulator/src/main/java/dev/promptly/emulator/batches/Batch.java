package dev.promptly.emulator.batches;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One batch as it moves through its lifecycle. Each step is a compare-and-set on the status under
 * the batch's lock, so that a cancel racing the runner's completion ends the batch exactly once:
 * whichever comes second finds the status moved on and does nothing.
 */
final class Batch {

  static final Duration COMPLETION_WINDOW = Duration.ofHours(24);

  /** What a finished batch wrote: its counts and its files (null when it wrote none). */
  record Results(BatchObject.RequestCounts counts, String outputFileId, String errorFileId) {}

  private final String id;
  private final long sequence;
  private final String inputFileId;
  private final String endpoint;
  private final Map<String, String> metadata;
  private final long createdAt;
  // A lock rather than synchronized: it never pins the virtual thread carrying the request.
  private final ReentrantLock lock = new ReentrantLock();

  private BatchStatus status = BatchStatus.VALIDATING;
  private List<BatchError> errors;
  private BatchObject.RequestCounts counts = BatchObject.RequestCounts.NONE;
  private String outputFileId;
  private String errorFileId;
  private Long inProgressAt;
  private Long finalizingAt;
  private Long completedAt;
  private Long failedAt;
  private Long cancellingAt;
  private Long cancelledAt;

  Batch(
      String id,
      long sequence,
      String inputFileId,
      String endpoint,
      Map<String, String> metadata,
      long createdAt) {
    this.id = id;
    this.sequence = sequence;
    this.inputFileId = inputFileId;
    this.endpoint = endpoint;
    this.metadata = metadata == null ? null : Map.copyOf(metadata);
    this.createdAt = createdAt;
  }

  String id() {
    return id;
  }

  long sequence() {
    return sequence;
  }

  String inputFileId() {
    return inputFileId;
  }

  String endpoint() {
    return endpoint;
  }

  /** The input file is valid: its {@code total} lines are now being answered. */
  boolean start(long now, int total) {
    return move(
        BatchStatus.VALIDATING,
        BatchStatus.IN_PROGRESS,
        () -> {
          inProgressAt = now;
          counts = new BatchObject.RequestCounts(total, 0, 0);
        });
  }

  /** The input file is invalid. */
  boolean fail(long now, List<BatchError> reasons) {
    return move(
        BatchStatus.VALIDATING,
        BatchStatus.FAILED,
        () -> {
          failedAt = now;
          errors = List.copyOf(reasons);
        });
  }

  /** The processing time is up: the lines are answered and the files written now. */
  boolean beginFinalizing(long now) {
    return move(BatchStatus.IN_PROGRESS, BatchStatus.FINALIZING, () -> finalizingAt = now);
  }

  /** Every line is answered and its files are written. */
  boolean complete(long now, Results results) {
    return move(
        BatchStatus.FINALIZING,
        BatchStatus.COMPLETED,
        () -> {
          completedAt = now;
          counts = results.counts();
          outputFileId = results.outputFileId();
          errorFileId = results.errorFileId();
        });
  }

  /** A client asked to cancel; false when the batch has already ended. */
  boolean requestCancel(long now) {
    lock.lock();
    try {
      if (!status.isCancellable()) {
        return false;
      }
      status = BatchStatus.CANCELLING;
      cancellingAt = now;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The cancel took effect; no line was answered. */
  boolean finishCancel(long now) {
    return move(BatchStatus.CANCELLING, BatchStatus.CANCELLED, () -> cancelledAt = now);
  }

  BatchStatus status() {
    lock.lock();
    try {
      return status;
    } finally {
      lock.unlock();
    }
  }

  BatchObject toWire() {
    lock.lock();
    try {
      return new BatchObject(
          id,
          "batch",
          endpoint,
          errors == null ? null : BatchObject.Errors.of(errors),
          inputFileId,
          "24h",
          status,
          outputFileId,
          errorFileId,
          createdAt,
          inProgressAt,
          createdAt + COMPLETION_WINDOW.toSeconds(),
          finalizingAt,
          completedAt,
          failedAt,
          null,
          cancellingAt,
          cancelledAt,
          counts,
          metadata);
    } finally {
      lock.unlock();
    }
  }

  private boolean move(BatchStatus from, BatchStatus to, Runnable record) {
    lock.lock();
    try {
      if (status != from) {
        return false;
      }
      status = to;
      record.run();
      return true;
    } finally {
      lock.unlock();
    }
  }
}
