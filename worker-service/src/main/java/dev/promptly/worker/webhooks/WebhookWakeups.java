package dev.promptly.worker.webhooks;

import dev.promptly.notifications.PostgresNotifications;

/**
 * Wakes the dispatcher on the notification a new or redelivered webhook event sends when its
 * transaction commits (a trigger on {@code webhook_events}): an event goes out milliseconds after
 * the job ends, whichever process ended it, instead of at the next poll. While notifications are
 * down the dispatcher still polls; once they are back it is woken for what arrived meanwhile.
 */
class WebhookWakeups implements PostgresNotifications.Subscriber {
  static final String CHANNEL = "promptly_webhook_events";

  private final Runnable wake;

  WebhookWakeups(Runnable wake) {
    this.wake = wake;
  }

  @Override
  public void listening() {
    // Events that arrived while nobody listened.
    wake.run();
  }

  @Override
  public void deaf() {}

  @Override
  public void notified(String payload) {
    wake.run();
  }
}
