package dev.promptly.api.jobs;

import dev.promptly.api.jobs.JobSubmissionService.Accepted;
import dev.promptly.api.jobs.TenantJobRepository.NewJob;
import dev.promptly.api.web.ApiException;
import dev.promptly.batching.BatchingQueue;
import dev.promptly.batching.DataFailures;
import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobStatusCache;
import dev.promptly.logging.IntervalSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes concurrent submissions of this instance together: each committer takes every submission
 * that waits when it becomes free (up to {@code promptly.jobs.group-max-size}) and writes their
 * jobs, first events and outbox rows in one transaction, with one statement per table. An idle
 * instance adds no wait: a lone submission is a group of one. Each request is answered once its own
 * rows are committed, with its own outcome: a new job, an idempotent replay, or a conflict.
 *
 * <p>A group that fails on one request's data (a constraint the validation could not see) is
 * written again one request at a time, so only that request fails; a group that fails for any other
 * reason (the database is unreachable) fails each of its requests with that error, and nothing of
 * it is stored.
 */
@Component
class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** A submission waiting for its group, and where its answer goes. */
  record Pending(NewJob job, CompletableFuture<Accepted> answer) {
    Pending(NewJob job) {
      this(job, new CompletableFuture<>());
    }

    private KeyOfTenant key() {
      return job.key() == null ? null : new KeyOfTenant(job.tenantId(), job.key().value());
    }
  }

  private record KeyOfTenant(String tenantId, String key) {}

  private final TenantJobRepository jobs;
  private final TenantWindows windows;
  private final JobDispatcher dispatcher;
  private final JobStatusCache cache;
  private final TransactionTemplate transactions;
  private final JobsProperties properties;
  // One INFO line a minute about what was accepted, instead of one per job.
  private final IntervalSummary accepted =
      new IntervalSummary(log, "accepted", Duration.ofMinutes(1));
  private final BatchingQueue<Pending> groups;

  GroupCommit(
      TenantJobRepository jobs,
      TenantWindows windows,
      JobDispatcher dispatcher,
      JobStatusCache cache,
      TransactionTemplate transactions,
      JobsProperties properties) {
    this.jobs = jobs;
    this.windows = windows;
    this.dispatcher = dispatcher;
    this.cache = cache;
    this.transactions = transactions;
    this.properties = properties;
    // Last: its committers start at once and use the fields above.
    this.groups =
        new BatchingQueue<>(
            "group-commit",
            properties.groupCommitters(),
            properties.groupMaxSize(),
            properties.groupBacklog(),
            this::commit,
            (group, e) -> group.forEach(pending -> pending.answer().completeExceptionally(e)));
  }

  /** Queues the submission for the next group; its answer completes once the group commits. */
  CompletableFuture<Accepted> submit(Pending pending) {
    if (!groups.offer(pending)) {
      pending
          .answer()
          .completeExceptionally(groups.remainingCapacity() == 0 ? overloaded() : shuttingDown());
    }
    return pending.answer();
  }

  /** How many submissions wait for a committer now. */
  int waiting() {
    return groups.size();
  }

  private void commit(List<Pending> group) {
    DataFailures.writeIsolatingBadData(
        group,
        written -> {
          transactions.executeWithoutResult(status -> write(written));
          accepted.add("submissions", written.size());
          accepted.add("group commits", 1);
        },
        (pending, e) -> pending.answer().completeExceptionally(e));
  }

  /** Writes the group in the current transaction; answers are given after its commit. */
  private void write(List<Pending> group) {
    // Two requests of one group with one key: only the first is inserted, the other follows it.
    Map<KeyOfTenant, Pending> firstWithKey = new HashMap<>();
    List<Pending> inserting = new ArrayList<>(group.size());
    for (Pending pending : group) {
      KeyOfTenant key = pending.key();
      if (key == null || firstWithKey.putIfAbsent(key, pending) == null) {
        inserting.add(pending);
      }
    }
    List<NewJob> newJobs = inserting.stream().map(Pending::job).toList();
    // Beyond their tenant's window, new jobs are written parked and get no dispatch.
    // A job waiting for a provider batch takes no room in the window and gets no dispatch.
    Set<String> parked =
        windows.beyondWindows(
            newJobs.stream().filter(job -> !job.job().isProviderBatch()).toList());
    Map<String, JobRecord> inserted = jobs.insertAll(newJobs, parked);
    Map<KeyOfTenant, TenantJobRepository.KeyedJob> keyed = new HashMap<>();
    for (Pending pending : inserting) {
      JobRecord job = inserted.get(pending.job().id());
      if (job != null && pending.key() != null) {
        keyed.put(
            pending.key(), new TenantJobRepository.KeyedJob(job, pending.job().requestHash()));
      } else if (job == null) {
        keyed.put(pending.key(), existing(pending));
      }
    }
    List<JobRecord> created = new ArrayList<>(inserted.size());
    List<DispatchOrder> orders = new ArrayList<>(inserted.size());
    for (Pending pending : inserting) {
      JobRecord job = inserted.get(pending.job().id());
      if (job != null) {
        created.add(job);
        if (!parked.contains(job.id()) && !pending.job().job().isProviderBatch()) {
          orders.add(DispatchOrder.firstAttempt(job, pending.job().traceparent()));
        }
      }
    }
    List<Runnable> answers = new ArrayList<>(group.size());
    for (Pending pending : group) {
      JobRecord job = inserted.get(pending.job().id());
      answers.add(
          job != null
              ? () -> pending.answer().complete(new Accepted(job, false))
              : replayOrConflict(pending, keyed.get(pending.key())));
    }
    // Registered in this order: answers first (the commit is all a request waits for), then the
    // cache, which must hold "queued" before any worker can see a message and cache "running",
    // then the dispatcher's hand-over to the outbox publisher.
    afterCommit(() -> answers.forEach(Runnable::run));
    if (!created.isEmpty()) {
      afterCommit(() -> cache.putAll(created));
      if (!orders.isEmpty()) {
        dispatcher.dispatchAll(orders);
      }
    }
  }

  private TenantJobRepository.KeyedJob existing(Pending pending) {
    return jobs.findByIdempotencyKey(pending.job().tenantId(), pending.job().key())
        .orElseThrow(() -> new IllegalStateException("idempotency key conflict without a job"));
  }

  private static Runnable replayOrConflict(Pending pending, TenantJobRepository.KeyedJob original) {
    if (original.requestHash().equals(pending.job().requestHash())) {
      return () -> pending.answer().complete(new Accepted(original.job(), true));
    }
    return () ->
        pending
            .answer()
            .completeExceptionally(
                ApiException.conflict(
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used with a different request body."));
  }

  private static void afterCommit(Runnable work) {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            work.run();
          }
        });
  }

  /** Stops after the groups in hand; requests still waiting are answered 503. */
  @Override
  public void close() {
    groups
        .close(Duration.ofSeconds(10))
        .forEach(p -> p.answer().completeExceptionally(shuttingDown()));
  }

  private static ApiException overloaded() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, "1");
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "unavailable",
        "This instance has more submissions waiting than it can write; retry shortly.",
        List.of(),
        headers);
  }

  private static DataAccessResourceFailureException shuttingDown() {
    return new DataAccessResourceFailureException("this instance is shutting down");
  }
}
