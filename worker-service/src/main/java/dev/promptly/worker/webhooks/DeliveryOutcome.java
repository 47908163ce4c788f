package dev.promptly.worker.webhooks;

import java.util.Locale;

/** What one delivery attempt meant for its event. */
enum DeliveryOutcome {
  /** A 2xx: the event is delivered. */
  DELIVERED("delivered"),
  /** Any other answer, a timeout or a connection error, with attempts left: try again later. */
  RETRY("pending"),
  /** A 410: the receiver asked never to be called again for it. */
  GONE("gone"),
  /** A failure after the last attempt of the schedule. */
  EXHAUSTED("failed"),
  /**
   * The target was refused before connecting (SSRF guard at delivery time). Final: retrying a URL
   * that resolves to an internal address would only keep probing it.
   */
  REFUSED("failed");

  private final String eventStatus;

  DeliveryOutcome(String eventStatus) {
    this.eventStatus = eventStatus;
  }

  /** The status the event gets: pending, delivered, failed or gone. */
  String eventStatus() {
    return eventStatus;
  }

  /** The name in the delivery log and the metrics' {@code outcome} tag. */
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
