package dev.promptly.jobevents;

import java.util.Optional;

/**
 * The Postgres channels of live job events ({@code promptly.events.transport=postgres}) and the
 * form of their payloads. One channel for every job's events, as the Redis path has one pattern: an
 * API instance LISTENs once and drops the events of jobs nobody watches there. Each database is its
 * own namespace of channels, so installations (and test runs) on separate databases never meet.
 */
public final class JobEventNotifications {
  /** Every job's events; payload {@code <job id> <event JSON>}. */
  public static final String EVENTS = "promptly_job_events";

  /** The jobs someone watches (so workers stream their answers); payload {@code <job id>}. */
  public static final String WATCHES = "promptly_job_watches";

  private JobEventNotifications() {}

  /** A job event's payload on {@link #EVENTS}. */
  public static String payloadOf(String jobId, JobEvent event) {
    return jobId + " " + JobEventCodec.encode(event);
  }

  /** The job and its event's JSON, or empty for a payload of another form. */
  public static Optional<Addressed> parse(String payload) {
    int space = payload.indexOf(' ');
    return space <= 0
        ? Optional.empty()
        : Optional.of(new Addressed(payload.substring(0, space), payload.substring(space + 1)));
  }

  /** A job id and the JSON of one of its events, as {@link JobEventCodec} writes it. */
  public record Addressed(String jobId, String json) {}
}
