package dev.promptly.jobstore;

import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads jobs and changes their status. {@link #transition} is the only way a status changes: a
 * compare-and-set that also appends the {@code job_events} row, in one statement.
 */
public class JobRepository {
  static final String COLUMNS =
      """
      id, tenant_id, kind, status, model_alias, model, priority, input::text AS input,
      metadata::text AS metadata, webhook_url, max_attempts, attempts, timeout_seconds,
      result::text AS result, error_code, error_message, prompt_tokens, completion_tokens,
      cost_micros, cached, cancel_requested, worker_id, lease_expires_at, request_id,
      created_at, updated_at, started_at, finished_at
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  public JobRepository(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The job with this id, of any tenant. */
  public Optional<JobRecord> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
        .param("id", id)
        .query(JobRepository::toRecord)
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
   * Like {@link #transition(String, JobStatus, JobStatus, JobChanges, String)}, and only if the
   * job is still held by {@code expectedWorker}, so a worker whose lease was taken away cannot
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
                    + " RETURNING id) "
                    + "INSERT INTO job_events (job_id, from_status, to_status, detail, occurred_at) "
                    + "SELECT id, :from, :to, :detail, :now FROM moved")
            .param("id", id)
            .param("from", from.wireName())
            .param("to", to.wireName())
            .param("detail", detail)
            .param("now", now.atOffset(ZoneOffset.UTC));
    if (expectedWorker != null) {
      statement = statement.param("expectedWorker", expectedWorker);
    }
    for (Map.Entry<String, Object> change : changes.values().entrySet()) {
      statement = statement.param("c_" + change.getKey(), change.getValue());
    }
    return statement.update() == 1;
  }

  static JobRecord toRecord(ResultSet rs, int row) throws SQLException {
    return new JobRecord(
        rs.getString("id"),
        rs.getString("tenant_id"),
        JobKind.fromWireName(rs.getString("kind")),
        JobStatus.fromWireName(rs.getString("status")),
        rs.getString("model_alias"),
        rs.getString("model"),
        Priority.fromWireName(rs.getString("priority")),
        rs.getString("input"),
        rs.getString("metadata"),
        rs.getString("webhook_url"),
        rs.getInt("max_attempts"),
        rs.getInt("attempts"),
        rs.getInt("timeout_seconds"),
        rs.getString("result"),
        rs.getString("error_code"),
        rs.getString("error_message"),
        rs.getInt("prompt_tokens"),
        rs.getInt("completion_tokens"),
        rs.getLong("cost_micros"),
        rs.getBoolean("cached"),
        rs.getBoolean("cancel_requested"),
        rs.getString("worker_id"),
        instant(rs, "lease_expires_at"),
        rs.getString("request_id"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    // Read as OffsetDateTime: the driver then never applies the JVM's default zone.
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
