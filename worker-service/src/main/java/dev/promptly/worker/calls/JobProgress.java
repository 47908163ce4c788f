package dev.promptly.worker.calls;

import dev.promptly.worker.leases.WorkerId;
import java.time.Clock;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records what a running job is doing (e.g. {@code map 3/12}, {@code reduce pass 2}, a fallback) as
 * {@code job_events} rows from {@code running} to {@code running}: the audit trail the status
 * transitions already use, so a reader of a job's events sees its progress in order among them, and
 * no migration is needed. Only a job still held by this worker gets rows.
 */
public class JobProgress {
  private static final Logger log = LoggerFactory.getLogger(JobProgress.class);

  private final JdbcClient jdbc;
  private final WorkerId me;
  private final Clock clock;

  JobProgress(JdbcClient jdbc, WorkerId me, Clock clock) {
    this.jdbc = jdbc;
    this.me = me;
    this.clock = clock;
  }

  void record(String jobId, String detail) {
    try {
      jdbc.sql(
              """
              INSERT INTO job_events (job_id, from_status, to_status, detail, occurred_at)
              SELECT id, 'running', 'running', :detail, :now FROM jobs
               WHERE id = :id AND status = 'running' AND worker_id = :me
              """)
          .param("detail", detail)
          .param("now", clock.instant().atOffset(ZoneOffset.UTC))
          .param("id", jobId)
          .param("me", me.value())
          .update();
    } catch (RuntimeException e) {
      // Progress is for people watching; the job must not fail because a row could not be added.
      log.warn("could not record progress of job {}: {}", jobId, e.getMessage());
    }
  }
}
