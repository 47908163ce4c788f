package dev.promptly.api.deadletters;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Retires a job's attempt rows when it is replayed, so its new life numbers attempts from 1. */
@Repository
class ReplayedAttempts {
  private final JdbcClient jdbc;

  ReplayedAttempts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void retire(String jobId) {
    jdbc.sql("UPDATE job_attempts SET replayed = true WHERE job_id = :jobId AND NOT replayed")
        .param("jobId", jobId)
        .update();
  }
}
