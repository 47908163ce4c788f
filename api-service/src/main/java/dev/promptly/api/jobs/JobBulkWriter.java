package dev.promptly.api.jobs;

import dev.promptly.api.jobs.TenantJobRepository.NewJob;
import dev.promptly.dispatch.DispatchOrder;
import dev.promptly.dispatch.JobDispatcher;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.model.JobIds;
import dev.promptly.model.JobInputCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the jobs of a batch: thousands of rows in the caller's transaction, with COPY rather than
 * INSERT (no statement to plan, no RETURNING to read back: the caller knows every column), their
 * submission events likewise, and the dispatches of those within their tenant's window in one
 * statement, which the outbox publisher sends once the transaction commits. No job is written to
 * the status cache: a read finds it in Postgres and caches it then.
 */
@Component
public class JobBulkWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String COPY_JOBS =
      "COPY jobs (id, tenant_id, kind, status, model_alias, model, priority, cache_mode, input,"
          + " metadata, webhook_url, max_attempts, attempts, timeout_seconds, request_id,"
          + " created_at, updated_at, on_budget_exhausted, waiting_for, traceparent, batch_id,"
          + " custom_id, batch_index, route, completion_window, deadline_at) FROM STDIN";
  private static final String COPY_EVENTS =
      "COPY job_events (job_id, from_status, to_status, detail, occurred_at) FROM STDIN";
  // COPY buffers are flushed to the server at about this size, so memory stays bounded.
  private static final int FLUSH_CHARS = 1 << 20;

  /** One job of a batch: its place, the client's id for it (or null) and the request. */
  public record Entry(int index, String customId, JobSubmission job) {}

  /** The batch the jobs belong to and where it came from. */
  public record Origin(
      String batchId, String tenantId, String requestId, String traceparent, Instant submittedAt) {}

  private final TenantWindows windows;
  private final JobDispatcher dispatcher;
  private final JdbcTemplate template;
  private final Clock clock;

  JobBulkWriter(
      TenantWindows windows, JobDispatcher dispatcher, JdbcTemplate template, Clock clock) {
    this.windows = windows;
    this.dispatcher = dispatcher;
    this.template = template;
    this.clock = clock;
  }

  /**
   * Writes the jobs in the current transaction; those beyond their tenant's window are written
   * parked and get no dispatch.
   *
   * @return the ids of the jobs, in the order of {@code entries}
   */
  public List<String> write(Origin origin, List<Entry> entries) {
    List<NewJob> jobs = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      jobs.add(
          new NewJob(
              JobIds.next(clock),
              origin.tenantId(),
              entry.job(),
              null,
              null,
              origin.requestId(),
              origin.submittedAt(),
              origin.traceparent()));
    }
    // A job waiting for a provider batch takes no room in the window and gets no dispatch.
    Set<String> parked =
        windows.beyondWindows(jobs.stream().filter(job -> !job.job().isProviderBatch()).toList());
    template.execute(
        (Connection connection) -> {
          copy(connection, COPY_JOBS, jobRows(origin, entries, jobs, parked));
          copy(connection, COPY_EVENTS, eventRows(origin, jobs));
          return null;
        });
    List<DispatchOrder> orders = new ArrayList<>(jobs.size() - parked.size());
    for (NewJob job : jobs) {
      if (!parked.contains(job.id()) && !job.job().isProviderBatch()) {
        orders.add(
            new DispatchOrder(
                job.id(),
                job.tenantId(),
                1,
                job.job().priority().wireName(),
                job.traceparent(),
                job.requestId(),
                null));
      }
    }
    if (!orders.isEmpty()) {
      dispatcher.dispatchAll(orders);
    }
    return jobs.stream().map(NewJob::id).toList();
  }

  private static List<String> jobRows(
      Origin origin, List<Entry> entries, List<NewJob> jobs, Set<String> parked) {
    String at = origin.submittedAt().toString();
    List<String> rows = new ArrayList<>(jobs.size());
    StringBuilder row = new StringBuilder(256);
    for (int i = 0; i < jobs.size(); i++) {
      NewJob job = jobs.get(i);
      JobSubmission submission = job.job();
      Entry entry = entries.get(i);
      row.setLength(0);
      CopyText.field(row, job.id());
      CopyText.field(row, job.tenantId());
      CopyText.field(row, submission.input().kind().wireName());
      CopyText.field(row, "queued");
      CopyText.field(row, submission.model().alias());
      CopyText.field(row, submission.model().model());
      CopyText.field(row, submission.priority().wireName());
      CopyText.field(row, submission.cache().wireName());
      CopyText.field(row, JobInputCodec.encode(submission.input()));
      CopyText.field(row, JSON.writeValueAsString(submission.metadata()));
      CopyText.field(row, submission.webhookUrl());
      CopyText.field(row, Integer.toString(submission.maxAttempts()));
      CopyText.field(row, "0");
      CopyText.field(row, Integer.toString(submission.timeoutSeconds()));
      CopyText.field(row, job.requestId());
      CopyText.field(row, at);
      CopyText.field(row, at);
      CopyText.field(row, submission.onBudgetExhausted().wireName());
      CopyText.field(row, TenantJobRepository.waitingFor(submission, parked.contains(job.id())));
      CopyText.field(row, job.traceparent());
      CopyText.field(row, origin.batchId());
      CopyText.field(row, entry.customId());
      CopyText.field(row, Integer.toString(entry.index()));
      CopyText.field(row, submission.isProviderBatch() ? JobRecord.PROVIDER_BATCH : JobRecord.LIVE);
      CopyText.field(row, submission.completionWindow());
      CopyText.last(row, TenantJobRepository.deadline(submission, origin.submittedAt()));
      rows.add(row.toString());
    }
    return rows;
  }

  private static List<String> eventRows(Origin origin, List<NewJob> jobs) {
    String at = origin.submittedAt().toString();
    List<String> rows = new ArrayList<>(jobs.size());
    for (NewJob job : jobs) {
      rows.add(job.id() + "\t\\N\tqueued\tsubmitted\t" + at + "\n");
    }
    return rows;
  }

  private static void copy(Connection connection, String sql, List<String> rows)
      throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
      for (String row : rows) {
        buffer.append(row);
        if (buffer.length() >= FLUSH_CHARS) {
          write(copy, buffer);
        }
      }
      write(copy, buffer);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
    if (buffer.isEmpty()) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  /** Postgres's COPY text format: tab-separated, backslash escapes, \N for null. */
  static final class CopyText {
    private CopyText() {}

    static void field(StringBuilder row, String value) {
      escape(row, value);
      row.append('\t');
    }

    static void last(StringBuilder row, String value) {
      escape(row, value);
      row.append('\n');
    }

    static void escape(StringBuilder row, String value) {
      if (value == null) {
        row.append("\\N");
        return;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> row.append("\\\\");
          case '\t' -> row.append("\\t");
          case '\n' -> row.append("\\n");
          case '\r' -> row.append("\\r");
          default -> row.append(c);
        }
      }
    }
  }
}
