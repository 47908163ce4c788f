package dev.promptly.jobstore;

import dev.promptly.jobevents.JobEventPublisher;
import dev.promptly.model.JobStatus;
import dev.promptly.webhooks.WebhookIds;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads jobs and changes their status. {@link #transition} is the only way a status changes: a
 * compare-and-set that also appends the {@code job_events} row (and, for a terminal status, the
 * job's webhook event), in one statement, and announces the change to live listeners once it is
 * committed.
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
          + " FROM moved WHERE webhook_url IS NOT NULL) ";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final JobEventPublisher events;

  public JobRepository(JdbcClient jdbc, Clock clock, JobEventPublisher events) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.events = events;
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
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("illegal job transition " + from + " -> " + to);
    }
    Instant now = clock.instant();
    StringJoiner assignments = new StringJoiner(", ");
    assignments.add("status = :to").add("updated_at = :now");
    changes.increments().forEach(column -> assignments.add(column + " = " + column + " + 1"));
    for (String column : changes.values().keySet()) {
      String cast = JobChanges.isJson(column) ? "::jsonb" : "";
      assignments.add(column + " = :c_" + column + cast);
    }
    String workerCondition = expectedWorker == null ? "" : " AND worker_id = :expectedWorker";
    JdbcClient.StatementSpec statement =
        jdbc.sql(
                "WITH moved AS (UPDATE jobs SET "
                    + assignments
                    + " WHERE id = :id AND status = :from"
                    + workerCondition
                    + " RETURNING id, tenant_id, webhook_url) "
                    + (to.isTerminal() ? WEBHOOK_EVENT : "")
                    + "INSERT INTO job_events (job_id, from_status, to_status, detail, occurred_at) "
                    + "SELECT id, :from, :to, :detail, :now FROM moved")
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
    boolean moved = statement.update() == 1;
    if (moved) {
      events.statusChanged(id, to);
    }
    return moved;
  }
}
