package dev.promptly.api.events;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells workers which jobs are watched, so they stream those answers: a mark per job with a short
 * time to live, set when a listener connects and refreshed while any is connected here. Over Redis
 * the mark is a key that expires; over Postgres a notification that workers remember for the time
 * to live. It is never taken back: another instance may still have listeners, and an expired mark
 * only means a later call is answered whole.
 */
class WatchMarks {
  private static final Logger log = LoggerFactory.getLogger(WatchMarks.class);

  /** Sets the marks of the given jobs through the transport. */
  @FunctionalInterface
  interface Sender {
    void send(Collection<String> jobIds) throws Exception;
  }

  private final Sender sender;
  private final JobEventListeners listeners;
  private final Duration ttl;

  WatchMarks(Sender sender, JobEventListeners listeners, EventsProperties properties) {
    this.sender = sender;
    this.listeners = listeners;
    this.ttl = properties.watchTtl();
  }

  void mark(String jobId) {
    send(List.of(jobId));
  }

  /** Refreshes the marks of every job watched here; run every third of the time to live. */
  void refresh() {
    send(listeners.watchedJobs());
  }

  Duration refreshInterval() {
    return ttl.dividedBy(3);
  }

  private void send(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return;
    }
    try {
      sender.send(jobIds);
    } catch (Exception e) {
      // Without the transport no delta could reach the listener anyway; statuses still come from
      // the streams' re-reads of Postgres.
      log.debug("watch marks of {} jobs not set: {}", jobIds.size(), e.getMessage());
    }
  }
}
