package dev.promptly.jobevents;

import java.util.List;

/**
 * Publishes jobs' live events to the API instances that stream them ({@code
 * promptly.events.transport}). Events are an accelerator: a failed publish is counted and logged,
 * never thrown, and the API's listeners re-read Postgres periodically, so a lost message delays an
 * event but never loses it for good.
 */
public interface JobEventPublisher {

  /**
   * Publishes at once, on the calling thread, so events of one thread arrive in the order they were
   * published.
   *
   * @return whether the transport took the message
   */
  boolean publish(String jobId, JobEvent event);

  /**
   * Publishes many events in one round trip, in their order, on the calling thread. Like {@link
   * #publish}, a failure is counted and logged, never thrown.
   */
  void publishAll(List<Addressed> events);

  /** One event of one job, for {@link #publishAll}. */
  record Addressed(String jobId, JobEvent event) {}
}
