package dev.promptly.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The status of a job, and the one table of legal transitions between statuses.
 *
 * <p>Every status change in the system is checked against {@link #canMoveTo(JobStatus)} and applied
 * as a compare-and-set in the database, so two actors racing on one job cannot both win.
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  RETRY_SCHEDULED,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  private static final Map<JobStatus, Set<JobStatus>> TRANSITIONS =
      Map.of(
          QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
          // RUNNING -> QUEUED is the reaper handing back a job whose worker vanished.
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, RETRY_SCHEDULED, CANCELLED, QUEUED),
          RETRY_SCHEDULED, EnumSet.of(RUNNING, CANCELLED, FAILED),
          SUCCEEDED, EnumSet.noneOf(JobStatus.class),
          // An admin may requeue a failed job (dead-letter replay).
          FAILED, EnumSet.of(QUEUED),
          CANCELLED, EnumSet.noneOf(JobStatus.class));

  /** Whether a job in this status may move to {@code next}. */
  public boolean canMoveTo(JobStatus next) {
    return TRANSITIONS.get(this).contains(next);
  }

  /** Whether this status ends the job's life: no worker will touch it again. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The lower-case name used in the HTTP API and the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name such as {@code retry_scheduled}. */
  public static JobStatus fromWireName(String wireName) {
    for (JobStatus status : values()) {
      if (status.wireName().equals(wireName)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown job status: " + wireName);
  }
}
