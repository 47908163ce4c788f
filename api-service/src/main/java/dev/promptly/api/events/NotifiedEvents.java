package dev.promptly.api.events;

import dev.promptly.jobevents.JobEventNotifications;
import dev.promptly.notifications.PostgresNotifications;

/**
 * Hands the jobs' events that arrive as Postgres notifications to this instance's streams. While
 * the notification connection is down nothing arrives; each stream's heartbeat re-read of the job
 * still brings its status, as it does for a lost Redis message.
 */
final class NotifiedEvents implements PostgresNotifications.Subscriber {
  private final JobEventListeners listeners;

  NotifiedEvents(JobEventListeners listeners) {
    this.listeners = listeners;
  }

  @Override
  public void listening() {}

  @Override
  public void deaf() {}

  @Override
  public void notified(String payload) {
    JobEventNotifications.parse(payload)
        .ifPresent(event -> listeners.deliver(event.jobId(), event.json()));
  }
}
