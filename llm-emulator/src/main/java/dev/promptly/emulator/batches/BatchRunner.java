package dev.promptly.emulator.batches;

import dev.promptly.emulator.BatchEvent;
import dev.promptly.emulator.control.EmulatorConfig;
import dev.promptly.emulator.control.EmulatorStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Moves batches through their lifecycle in the background, as a provider does: validates the input
 * file right after creation, then answers every line once {@code batch_processing_ms} has passed
 * since creation (re-checked while {@code batch_never_finish} holds it back). One timer thread only
 * schedules; the answering runs on virtual threads, so that a large batch delays no other.
 */
@Component
class BatchRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

  /** How often a batch held back by {@code batch_never_finish} looks again. */
  static final Duration STALL_RECHECK = Duration.ofMillis(50);

  private final FileStore files;
  private final BatchStore batches;
  private final BatchInputParser parser;
  private final BatchAnswerer answerer;
  private final EmulatorConfig config;
  private final EmulatorStats stats;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("emulator-batch-timer").daemon().factory());
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

  BatchRunner(
      FileStore files,
      BatchStore batches,
      BatchInputParser parser,
      BatchAnswerer answerer,
      EmulatorConfig config,
      EmulatorStats stats,
      Clock clock) {
    this.files = files;
    this.batches = batches;
    this.parser = parser;
    this.answerer = answerer;
    this.config = config;
    this.stats = stats;
    this.clock = clock;
  }

  /** Starts a batch just created (still {@code validating}). */
  void submit(Batch batch) {
    long dueAtNanos = System.nanoTime() + config.current().batchProcessingMs() * 1_000_000;
    work.execute(() -> guarded(batch, () -> validate(batch, dueAtNanos)));
  }

  /**
   * Cancels a batch that has not finished; the answer shows it {@code cancelling}, and it is {@code
   * cancelled} a moment later, as with OpenAI (where that can take minutes).
   */
  Optional<BatchObject> cancel(Batch batch) {
    if (!batch.requestCancel(now())) {
      return Optional.empty();
    }
    stats.record(BatchEvent.BATCH_CANCELLED);
    BatchObject cancelling = batch.toWire();
    work.execute(() -> batch.finishCancel(now()));
    return Optional.of(cancelling);
  }

  private void validate(Batch batch, long dueAtNanos) {
    Optional<StoredFile> input = files.find(batch.inputFileId());
    if (input.isEmpty()) {
      batch.fail(
          now(),
          List.of(
              new BatchError(
                  "file_not_found", "The input file was deleted.", "input_file_id", null)));
      return;
    }
    BatchInputParser.ParsedInput parsed = parser.parse(input.get().text(), batch.endpoint());
    if (!parsed.isValid()) {
      batch.fail(now(), parsed.errors());
      return;
    }
    if (batch.start(now(), parsed.lines().size())) {
      scheduleFinish(batch, parsed.lines(), dueAtNanos - System.nanoTime());
    }
  }

  private void scheduleFinish(Batch batch, List<BatchRequestLine> lines, long delayNanos) {
    timer.schedule(
        () -> work.execute(() -> guarded(batch, () -> finish(batch, lines))),
        Math.max(0, delayNanos),
        TimeUnit.NANOSECONDS);
  }

  private void finish(Batch batch, List<BatchRequestLine> lines) {
    if (!batches.holds(batch) || batch.status() != BatchStatus.IN_PROGRESS) {
      return; // cancelled, or dropped by a reset
    }
    if (config.current().batchNeverFinish()) {
      scheduleFinish(batch, lines, STALL_RECHECK.toNanos());
      return;
    }
    if (batch.beginFinalizing(now())) {
      batch.complete(now(), answerer.answer(batch, lines));
    }
  }

  private void guarded(Batch batch, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      // Logged here, or the failure would vanish with the pool thread's task.
      log.error("Batch {} failed unexpectedly", batch.id(), e);
    }
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    work.shutdownNow();
  }
}
