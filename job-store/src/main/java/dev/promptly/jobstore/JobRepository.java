package dev.promptly.jobstore;

import dev.promptly.batches.BatchCompletions;
import dev.promptly.jobevents.JobEvent;
import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.jobevents.JobEventPublisher.Addressed;
import dev.promptly.model.JobStatus;
import dev.promptly.transactions.AfterRelease;
import dev.promptly.webhooks.WebhookIds;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads jobs and changes their status. {@link #move} (and {@link #transition}) is the only way a
 * status changes: a compare-and-set that also appends the {@code job_events} row (and, for a
 * terminal status, the job's webhook event) and returns the new row, in one statement. What follows
 * every transition happens here, once, after the commit and from the returned row: the status cache
 * is written and live listeners are told. No caller reads the row back or refreshes the cache.
 */
public class JobRepository {
  /**
   * The webhook event of a terminal transition, in the transition's own statement: a transition
   * that loses its compare-and-set moves no row and so writes no event, which makes one event per
   * terminal transition however many workers race.
   */
  private static final String WEBHOOK_EVENT =
      ", hooked AS (INSERT INTO webhook_events"
          + " (id, job_id, tenant_id, type, url, status, next_attempt_at, created_at)"
          + " SELECT :eventId, id, tenant_id, :eventType, webhook_url, 'pending', :now, :now"
          + " FROM moved WHERE webhook_url IS NOT NULL)";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final JobEventPublisher events;
  private final JobStatusCache cache;
  private final BatchCompletions batches;

  /** The transaction-bound list of the rows it moved, announced once it has committed. */
  private final Object announcementsKey = new Object();

  public JobRepository(
      JdbcClient jdbc,
      Clock clock,
      JobEventPublisher events,
      JobStatusCache cache,
      BatchCompletions batches) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
    this.cache = cache;
    this.batches = batches;
  }

  /** The job with this id, of any tenant. */
  public Optional<JobRecord> find(String id) {
    return jdbc.sql("SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = :id")
        .param("id", id)
        .query(JobRows::map)
        .optional();
  }

  /**
   * Moves a job from {@code from} to {@code to} if, and only if, it is still in {@code from},
   * applying {@code changes} in the same statement and recording the transition.
   *
   * @return false when the job was not in {@code from}: someone else won, and the caller decides
   *     what that means
   * @throws IllegalStateException when the state machine forbids the transition
   */
  public boolean transition(
      String id, JobStatus from, JobStatus to, JobChanges changes, String detail) {
    return transition(id, from, to, changes, detail, null);
  }

  /**
   * Like {@link #transition(String, JobStatus, JobStatus, JobChanges, String)}, and only if the job
   * is still held by {@code expectedWorker}, so a worker whose lease was taken away cannot
   * overwrite the job's new life.
   */
  public boolean transition(
      String id,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String detail,
      String expectedWorker) {
    return move(id, from, to, changes, detail, expectedWorker).isPresent();
  }

  /**
   * Moves a job from {@code from} to {@code to} if, and only if, it is still in {@code from} (and
   * held by {@code expectedWorker} when that is not null), applying {@code changes} in the same
   * statement and recording the transition.
   *
   * @return the row as the statement left it; empty when someone else won
   * @throws IllegalStateException when the state machine forbids the transition
   */
  public Optional<JobRecord> move(
      String id,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String detail,
      String expectedWorker) {
    return move(id, from, to, changes, detail, expectedWorker, false);
  }

  /**
   * Like {@link #move}, and only if no cancel was requested meanwhile: the statement takes the
   * row's lock, so it is ordered against the API's cancel request, which flags only running jobs.
   */
  public Optional<JobRecord> moveUnlessCancelRequested(
      String id,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String detail,
      String expectedWorker) {
    return move(id, from, to, changes, detail, expectedWorker, true);
  }

  private Optional<JobRecord> move(
      String id,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String detail,
      String expectedWorker,
      boolean unlessCancelRequested) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("illegal job transition " + from + " -> " + to);
    }
    Instant now = clock.instant();
    StringJoiner assignments = new StringJoiner(", ");
    assignments.add("status = :to").add("updated_at = :now");
    changes.increments().forEach(column -> assignments.add(column + " = " + column + " + 1"));
    // A new status has a reason to wait of its own, or none.
    if (!changes.values().containsKey("waiting_for")) {
      assignments.add("waiting_for = NULL");
    }
    for (String column : changes.values().keySet()) {
      String cast = JobChanges.isJson(column) ? "::jsonb" : "";
      assignments.add(column + " = :c_" + column + cast);
    }
    String workerCondition = expectedWorker == null ? "" : " AND worker_id = :expectedWorker";
    String cancelCondition = unlessCancelRequested ? " AND NOT cancel_requested" : "";
    JdbcClient.StatementSpec statement =
        jdbc.sql(
                "WITH moved AS (UPDATE jobs SET "
                    + assignments
                    + " WHERE id = :id AND status = :from"
                    + workerCondition
                    + cancelCondition
                    + " RETURNING "
                    + JobRows.COLUMNS
                    + ") "
                    + (to.isTerminal() ? WEBHOOK_EVENT : "")
                    + ", logged AS (INSERT INTO job_events"
                    + " (job_id, from_status, to_status, detail, occurred_at)"
                    + " SELECT id, :from, :to, :detail, :now FROM moved) "
                    + "SELECT * FROM moved")
            .param("id", id)
            .param("from", from.wireName())
            .param("to", to.wireName())
            .param("detail", detail)
            .param("now", now.atOffset(ZoneOffset.UTC));
    if (to.isTerminal()) {
      statement =
          statement
              .param("eventId", WebhookIds.nextEvent(clock))
              .param("eventType", "job." + to.wireName());
    }
    if (expectedWorker != null) {
      statement = statement.param("expectedWorker", expectedWorker);
    }
    for (Map.Entry<String, Object> change : changes.values().entrySet()) {
      statement = statement.param("c_" + change.getKey(), change.getValue());
    }
    Optional<JobRecord> moved = statement.query(JobRows::map).optional();
    moved.ifPresent(this::afterCommit);
    if (to.isTerminal()) {
      moved.map(JobRecord::batchId).ifPresent(batches::jobEnded);
    }
    return moved;
  }

  /**
   * Moves each of the jobs {@code ids} that is still in {@code from} to the terminal status {@code
   * to}, in one statement: the compare-and-set of {@link #move} for many jobs at once (a batch's
   * cancel), with their {@code job_events} rows and webhook events.
   *
   * @return the rows the statement moved; a job that was no longer in {@code from} is missing
   */
  public List<JobRecord> moveAll(
      List<String> ids, JobStatus from, JobStatus to, JobChanges changes, String detail) {
    if (!from.canMoveTo(to) || !to.isTerminal()) {
      throw new IllegalStateException("illegal bulk job transition " + from + " -> " + to);
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    StringJoiner assignments = new StringJoiner(", ");
    assignments.add("status = :to").add("updated_at = :now").add("waiting_for = NULL");
    for (String column : changes.values().keySet()) {
      String cast = JobChanges.isJson(column) ? "::jsonb" : "";
      assignments.add(column + " = :c_" + column + cast);
    }
    List<String> eventIds = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      eventIds.add(WebhookIds.nextEvent(clock));
    }
    JdbcClient.StatementSpec statement =
        jdbc.sql(
                "WITH targets AS (SELECT * FROM unnest(string_to_array(:ids, ','),"
                    + " string_to_array(:eventIds, ',')) AS t(target_id, event_id)),"
                    + " moved AS (UPDATE jobs SET "
                    + assignments
                    + " FROM targets WHERE id = targets.target_id AND status = :from RETURNING "
                    + JobRows.COLUMNS
                    + ", targets.event_id),"
                    + " hooked AS (INSERT INTO webhook_events"
                    + " (id, job_id, tenant_id, type, url, status, next_attempt_at, created_at)"
                    + " SELECT event_id, id, tenant_id, :eventType, webhook_url, 'pending', :now,"
                    + " :now FROM moved WHERE webhook_url IS NOT NULL),"
                    + " logged AS (INSERT INTO job_events"
                    + " (job_id, from_status, to_status, detail, occurred_at)"
                    + " SELECT id, :from, :to, :detail, :now FROM moved) "
                    + "SELECT * FROM moved")
            .param("ids", String.join(",", ids))
            .param("eventIds", String.join(",", eventIds))
            .param("from", from.wireName())
            .param("to", to.wireName())
            .param("detail", detail)
            .param("eventType", "job." + to.wireName())
            .param("now", clock.instant().atOffset(ZoneOffset.UTC));
    for (Map.Entry<String, Object> change : changes.values().entrySet()) {
      statement = statement.param("c_" + change.getKey(), change.getValue());
    }
    List<JobRecord> moved = statement.query(JobRows::map).list();
    moved.forEach(this::afterCommit);
    moved.stream()
        .map(JobRecord::batchId)
        .filter(Objects::nonNull)
        .distinct()
        .forEach(batches::jobEnded);
    return moved;
  }

  /**
   * A job claimed for one attempt: the running row the statement returned, the status it waited in
   * and since when.
   */
  public record Claim(JobRecord running, JobStatus from, Instant waitingSince) {}

  /**
   * Claims a waiting job for {@code workerId} in one statement: a compare-and-set from queued (or
   * from retry_scheduled, for the message of the scheduled attempt only) to running, unless a
   * cancel was requested, which counts the attempt, opens its {@code job_attempts} row and records
   * the transition. Of two messages for one job, only one claims it.
   *
   * @param messageAttempt the attempt the message starts: a retry_scheduled job accepts only a
   *     message past its attempts, so that a copy of an earlier message cannot cut a backoff short
   * @return empty when the job is not waiting to run (absent, running elsewhere, finished, in its
   *     backoff, or cancel requested): the caller reads it to settle the message
   */
  public Optional<Claim> claim(
      String id, int messageAttempt, String workerId, Instant leaseUntil, String detail) {
    return claim(id, messageAttempt, workerId, leaseUntil, detail, null, 0);
  }

  /**
   * Like {@link #claim(String, int, String, Instant, String)}, and only while fewer than {@code
   * cap} of {@code tenantId}'s jobs run. The count is exact only if no other claim of the tenant
   * runs meanwhile: the caller serialises them, and starts this statement after it waited, so that
   * its snapshot sees every claim committed before.
   */
  public Optional<Claim> claimWithinCap(
      String id,
      int messageAttempt,
      String workerId,
      Instant leaseUntil,
      String detail,
      String tenantId,
      int cap) {
    return claim(id, messageAttempt, workerId, leaseUntil, detail, tenantId, cap);
  }

  private Optional<Claim> claim(
      String id,
      int messageAttempt,
      String workerId,
      Instant leaseUntil,
      String detail,
      String cappedTenant,
      int cap) {
    Instant now = clock.instant();
    String capCondition =
        cappedTenant == null
            ? ""
            : " AND (SELECT count(*) FROM jobs r WHERE r.tenant_id = :tenant"
                + " AND r.status = 'running') < :cap";
    JdbcClient.StatementSpec statement =
        jdbc.sql(
                "WITH waiting AS (SELECT id AS claim_id, status AS from_status,"
                    + " updated_at AS waiting_since FROM jobs WHERE id = :id"
                    + " AND NOT cancel_requested AND (status = 'queued'"
                    + " OR (status = 'retry_scheduled' AND attempts < :attempt))"
                    + capCondition
                    + " FOR UPDATE),"
                    + " moved AS (UPDATE jobs SET status = 'running', updated_at = :now,"
                    + " attempts = attempts + 1, worker_id = :worker, lease_expires_at = :lease,"
                    + " waiting_for = NULL,"
                    + " started_at = COALESCE(started_at, :now)"
                    + " FROM waiting WHERE id = waiting.claim_id RETURNING "
                    + JobRows.COLUMNS
                    + ", from_status, waiting_since),"
                    + " logged AS (INSERT INTO job_events"
                    + " (job_id, from_status, to_status, detail, occurred_at)"
                    + " SELECT id, from_status, 'running', :detail, :now FROM moved),"
                    + " opened AS (INSERT INTO job_attempts (job_id, attempt, worker_id, started_at)"
                    + " SELECT id, attempts, :worker, :now FROM moved)"
                    + " SELECT * FROM moved")
            .param("id", id)
            .param("attempt", messageAttempt)
            .param("worker", workerId)
            .param("lease", leaseUntil.atOffset(ZoneOffset.UTC))
            .param("detail", detail)
            .param("now", now.atOffset(ZoneOffset.UTC));
    if (cappedTenant != null) {
      statement = statement.param("tenant", cappedTenant).param("cap", cap);
    }
    Optional<Claim> claimed =
        statement
            .query(
                (rs, row) ->
                    new Claim(
                        JobRows.map(rs, row),
                        JobStatus.fromWireName(rs.getString("from_status")),
                        rs.getObject("waiting_since", OffsetDateTime.class).toInstant()))
            .optional();
    claimed.ifPresent(claim -> afterCommit(claim.running()));
    return claimed;
  }

  /**
   * Claims many queued jobs for {@code workerId} in one statement, as {@link #claim} claims one:
   * each counts an attempt, opens its {@code job_attempts} row and records the transition; rows are
   * locked in id order. For jobs whose work is already done elsewhere (the lines of a provider
   * batch), which the caller then ends through the usual endings.
   *
   * @return the running rows; a job that was no longer queued, or had a cancel requested, is
   *     missing
   */
  public List<JobRecord> claimAllQueued(
      List<String> ids, String workerId, Instant leaseUntil, String detail) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<JobRecord> claimed =
        jdbc.sql(
                "WITH waiting AS (SELECT id AS claim_id FROM jobs"
                    + " WHERE id = ANY(string_to_array(:ids, ',')) AND status = 'queued'"
                    + " AND NOT cancel_requested ORDER BY id FOR UPDATE),"
                    + " moved AS (UPDATE jobs SET status = 'running', updated_at = :now,"
                    + " attempts = attempts + 1, worker_id = :worker, lease_expires_at = :lease,"
                    + " waiting_for = NULL, started_at = COALESCE(started_at, :now)"
                    + " FROM waiting WHERE id = waiting.claim_id RETURNING "
                    + JobRows.COLUMNS
                    + "),"
                    + " logged AS (INSERT INTO job_events"
                    + " (job_id, from_status, to_status, detail, occurred_at)"
                    + " SELECT id, 'queued', 'running', :detail, :now FROM moved),"
                    + " opened AS (INSERT INTO job_attempts (job_id, attempt, worker_id, started_at)"
                    + " SELECT id, attempts, :worker, :now FROM moved)"
                    + " SELECT * FROM moved")
            .param("ids", String.join(",", ids))
            .param("worker", workerId)
            .param("lease", leaseUntil.atOffset(ZoneOffset.UTC))
            .param("detail", detail)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .query(JobRows::map)
            .list();
    claimed.forEach(this::afterCommit);
    return claimed;
  }

  /**
   * What follows every transition, once it is visible to readers: the cache, then listeners. The
   * transitions of one transaction (a completer batch of hundreds) are announced together after it
   * commits, each kind of write in one Redis round trip: a pipeline of cache writes, then one of
   * events, so a reader woken by an event finds the cache already new.
   */
  private void afterCommit(JobRecord moved) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      announce(List.of(moved));
      return;
    }
    @SuppressWarnings("unchecked")
    List<JobRecord> pending =
        (List<JobRecord>) TransactionSynchronizationManager.getResource(announcementsKey);
    if (pending == null) {
      List<JobRecord> announced = new ArrayList<>();
      TransactionSynchronizationManager.bindResource(announcementsKey, announced);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(announcementsKey);
            }
          });
      AfterRelease.afterCommit(() -> announce(announced));
      pending = announced;
    }
    pending.add(moved);
  }

  private void announce(List<JobRecord> moved) {
    if (moved.size() == 1) {
      JobRecord job = moved.getFirst();
      cache.put(job);
      events.publish(job.id(), new JobEvent.StatusChanged(job.status()));
      return;
    }
    cache.putAll(moved);
    events.publishAll(
        moved.stream()
            .map(job -> new Addressed(job.id(), new JobEvent.StatusChanged(job.status())))
            .toList());
  }
}
