package dev.promptly.dispatch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The outbox table {@code job_dispatches}. */
public class JobDispatchRepository {
  private static final String SCHEDULE =
      """
      INSERT INTO job_dispatches
          (job_id, attempt, routing_key, traceparent, request_id, not_before, created_at)
      SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[],
                           ?::text[]::timestamptz[], ?::text[]::timestamptz[])
      RETURNING id
      """;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final Clock clock;

  public JobDispatchRepository(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
    this.jdbc = jdbc;
    this.template = template;
    this.clock = clock;
  }

  /**
   * Records that a job message is owed. Call inside the transaction that created the work, so the
   * job and its dispatch commit or roll back together.
   */
  public JobDispatch schedule(DispatchOrder order) {
    return scheduleAll(List.of(order)).getFirst();
  }

  /**
   * Records many owed messages with one statement, in the caller's transaction.
   *
   * @return the rows, in the order of {@code orders}
   */
  public List<JobDispatch> scheduleAll(List<DispatchOrder> orders) {
    if (orders.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    int size = orders.size();
    String[] jobIds = new String[size];
    Integer[] attempts = new Integer[size];
    String[] routingKeys = new String[size];
    String[] traceparents = new String[size];
    String[] requestIds = new String[size];
    // Instants as ISO-8601 text in UTC: no JVM or session time zone can shift them on the way.
    String[] notBefores = new String[size];
    String[] createdAts = new String[size];
    Instant[] due = new Instant[size];
    for (int i = 0; i < size; i++) {
      DispatchOrder order = orders.get(i);
      jobIds[i] = order.jobId();
      attempts[i] = order.attempt();
      routingKeys[i] = order.routingKey();
      traceparents[i] = order.traceparent();
      requestIds[i] = order.requestId();
      due[i] = order.notBefore() == null ? now : order.notBefore();
      notBefores[i] = due[i].toString();
      createdAts[i] = now.toString();
    }
    // unnest keeps the order of its arrays, and RETURNING that of the rows it inserted.
    List<Long> ids =
        template.execute(
            (Connection connection) -> {
              try (PreparedStatement statement = connection.prepareStatement(SCHEDULE)) {
                bind(statement, 1, connection.createArrayOf("text", jobIds));
                bind(statement, 2, connection.createArrayOf("int4", attempts));
                bind(statement, 3, connection.createArrayOf("text", routingKeys));
                bind(statement, 4, connection.createArrayOf("text", traceparents));
                bind(statement, 5, connection.createArrayOf("text", requestIds));
                bind(statement, 6, connection.createArrayOf("text", notBefores));
                bind(statement, 7, connection.createArrayOf("text", createdAts));
                List<Long> returned = new ArrayList<>(size);
                try (ResultSet rs = statement.executeQuery()) {
                  while (rs.next()) {
                    returned.add(rs.getLong(1));
                  }
                }
                return returned;
              }
            });
    List<JobDispatch> scheduled = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      DispatchOrder order = orders.get(i);
      scheduled.add(
          new JobDispatch(
              ids.get(i),
              order.jobId(),
              order.tenantId(),
              order.attempt(),
              order.routingKey(),
              order.traceparent(),
              order.requestId(),
              due[i]));
    }
    return scheduled;
  }

  /**
   * Claims up to {@code limit} due, unsent dispatches older than {@code createdBefore} for {@code
   * lease}: until then no other relay (API replicas and workers share the table) takes them. The
   * claim is one short statement; nothing stays locked while the broker is asked.
   */
  public List<JobDispatch> claimDue(Instant createdBefore, int limit, Duration lease) {
    Instant now = clock.instant();
    return jdbc.sql(
            """
            UPDATE job_dispatches d SET relay_claimed_until = :until
              FROM jobs j
             WHERE j.id = d.job_id
               AND d.id IN (SELECT id FROM job_dispatches
                             WHERE sent_at IS NULL AND not_before <= :now
                               AND created_at <= :createdBefore
                               AND (relay_claimed_until IS NULL OR relay_claimed_until <= :now)
                             ORDER BY not_before
                             LIMIT :limit
                             FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.job_id, j.tenant_id, d.attempt, d.routing_key, d.traceparent,
                      d.request_id, d.not_before
            """)
        .param("until", utc(now.plus(lease)))
        .param("now", utc(now))
        .param("createdBefore", utc(createdBefore))
        .param("limit", limit)
        .query(JobDispatchRepository::toDispatch)
        .list();
  }

  /** Marks dispatches as on the broker, in one statement; rows already marked stay as they are. */
  public int markSent(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    OffsetDateTime now = utc(clock.instant());
    Long[] array = ids.toArray(Long[]::new);
    return template.execute(
        (Connection connection) -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "UPDATE job_dispatches SET sent_at = ? WHERE id = ANY(?) AND sent_at IS NULL")) {
            statement.setObject(1, now);
            bind(statement, 2, connection.createArrayOf("int8", array));
            return statement.executeUpdate();
          }
        });
  }

  /** How many dispatches are due and still unsent. */
  public long countDueUnsent() {
    return jdbc.sql(
            "SELECT count(*) FROM job_dispatches WHERE sent_at IS NULL AND not_before <= :now")
        .param("now", utc(clock.instant()))
        .query(Long.class)
        .single();
  }

  /** How long the oldest due, unsent dispatch has been due; zero when there is none. */
  public Duration oldestDueUnsentAge() {
    double seconds =
        jdbc.sql(
                """
                SELECT COALESCE(EXTRACT(EPOCH FROM (:now - min(not_before))), 0)
                  FROM job_dispatches WHERE sent_at IS NULL AND not_before <= :now
                """)
            .param("now", utc(clock.instant()))
            .query(Double.class)
            .single();
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static void bind(PreparedStatement statement, int index, Array array)
      throws SQLException {
    statement.setArray(index, array);
  }

  private static JobDispatch toDispatch(ResultSet rs, int row) throws SQLException {
    OffsetDateTime notBefore = rs.getObject("not_before", OffsetDateTime.class);
    return new JobDispatch(
        rs.getLong("id"),
        rs.getString("job_id"),
        rs.getString("tenant_id"),
        rs.getInt("attempt"),
        rs.getString("routing_key"),
        rs.getString("traceparent"),
        rs.getString("request_id"),
        notBefore.toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
