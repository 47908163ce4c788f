package dev.promptly.worker.attempts;

import dev.promptly.batching.BatchingQueue;
import dev.promptly.batching.DataFailures;
import dev.promptly.batching.Outcomes;
import dev.promptly.worker.claims.RunOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's one completer: the ends of attempts (succeeded, retry scheduled, given back, failed,
 * cancelled) are written in batches. A job's thread hands its ending over and waits; the completer
 * takes every ending waiting when it becomes free (up to {@code
 * promptly.worker.completer.batch-size}) and runs them in one transaction, so their status changes,
 * usage rows, budget settlements, attempt rows, outbox rows and dead letters commit together, with
 * one commit for the batch. Each job's thread gets its own outcome only after that commit, and only
 * then is its message acknowledged.
 *
 * <p>An ending whose compare-and-set loses (the job is no longer this worker's) writes nothing of
 * the job (the compare-and-set is each ending's first write), only the charges of the calls its
 * attempt made, and is reported {@link RunOutcome#LOST}; the others commit. A batch that fails on
 * one ending's data is written again one ending at a time, so only that one fails; a batch that
 * fails otherwise (the database is unreachable) fails every ending in it, whose messages then go
 * back to the queue as before.
 */
public class JobCompleter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobCompleter.class);

  /** An ending of one job waiting for its batch, and where its outcome goes. */
  private record Pending(
      String jobId,
      Function<EndingRows, RunOutcome> ending,
      CompletableFuture<RunOutcome> outcome) {}

  // Row locks are taken in job id order, so a batch and a statement that locks many job rows in
  // index order (the heartbeat's lease renewal) do not lock in opposite orders.
  private static final Comparator<Pending> LOCK_ORDER = Comparator.comparing(Pending::jobId);

  /** How often a batch that lost a deadlock (or a lock wait) is run again. */
  private static final int LOCK_RETRIES = 3;

  private final TransactionTemplate transactions;
  private final Supplier<EndingRows> rows;
  private final CompleterProperties properties;
  private final BatchingQueue<Pending> waiting;

  /**
   * @param transactions the worker's transactions, whose after-commit work (status cache, live
   *     events, outbox hand-over) runs once the batch's connection is back in the pool
   */
  JobCompleter(
      TransactionTemplate transactions, Supplier<EndingRows> rows, CompleterProperties properties) {
    this.transactions = transactions;
    this.rows = rows;
    this.properties = properties;
    // Last: its thread starts at once and uses the fields above.
    this.waiting =
        new BatchingQueue<>(
            "job-completer",
            1,
            properties.batchSize(),
            properties.backlog(),
            this::write,
            (batch, e) -> batch.forEach(pending -> pending.outcome().completeExceptionally(e)));
  }

  /**
   * Runs {@code ending} in the next batch and returns its outcome once the batch has committed. The
   * ending writes its job's own rows and adds the rest to the batch's {@link EndingRows}, which are
   * written after the batch's last ending, before its commit.
   *
   * @throws RuntimeException what the batch's transaction threw, if it failed as a whole
   */
  RunOutcome end(String jobId, Function<EndingRows, RunOutcome> ending) {
    Pending pending = new Pending(jobId, ending, new CompletableFuture<>());
    try {
      // Waits while the backlog is full: back-pressure on the consumers.
      if (!waiting.put(pending)) {
        throw shuttingDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the completer", e);
    }
    return Outcomes.await(pending.outcome());
  }

  /** How many endings wait for the completer now. */
  int waiting() {
    return waiting.size();
  }

  /** Writes a batch in one transaction. */
  private void write(List<Pending> endings) {
    List<Pending> batch = new ArrayList<>(endings);
    batch.sort(LOCK_ORDER);
    DataFailures.writeIsolatingBadData(
        batch,
        written -> {
          List<RunOutcome> outcomes = writeRetryingLocks(written);
          for (int i = 0; i < written.size(); i++) {
            written.get(i).outcome().complete(outcomes.get(i));
          }
        },
        (pending, e) -> pending.outcome().completeExceptionally(e));
  }

  /**
   * A rolled-back batch has left nothing behind (its after-commit work never runs), so a batch that
   * Postgres chose as a deadlock's victim is simply run again.
   */
  private List<RunOutcome> writeRetryingLocks(List<Pending> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transactions.execute(
            status -> {
              EndingRows written = rows.get();
              List<RunOutcome> outcomes =
                  batch.stream().map(pending -> pending.ending().apply(written)).toList();
              written.write();
              return outcomes;
            });
      } catch (PessimisticLockingFailureException e) {
        if (attempt == LOCK_RETRIES) {
          throw e;
        }
        log.debug("a batch of {} endings lost a lock race; running it again", batch.size());
      }
    }
  }

  /**
   * Stops taking endings once the batch in hand is written (the listeners have finished their jobs
   * by then); any ending still waiting is refused, and its message goes back.
   */
  @Override
  public void close() {
    waiting
        .close(Duration.ofSeconds(30))
        .forEach(pending -> pending.outcome().completeExceptionally(shuttingDown()));
  }

  private static DataAccessResourceFailureException shuttingDown() {
    return new DataAccessResourceFailureException("the worker is shutting down");
  }
}
