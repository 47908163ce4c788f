package dev.promptly.worker.webhooks;

/**
 * What happened when one attempt was made: the receiver's status code, or an error when there was
 * none (a timeout, a connection failure, a refused target).
 *
 * @param statusCode the HTTP status, or null when no response came
 * @param error why there is no usable response, short and free of secrets; null on a response
 * @param refused whether the target was refused before any connection (SSRF guard)
 * @param durationMs how long the attempt took
 */
record DeliveryAttempt(Integer statusCode, String error, boolean refused, long durationMs) {

  static DeliveryAttempt answered(int statusCode, long durationMs) {
    return new DeliveryAttempt(statusCode, null, false, durationMs);
  }

  static DeliveryAttempt failed(String error, long durationMs) {
    return new DeliveryAttempt(null, error, false, durationMs);
  }

  static DeliveryAttempt refused(String reason) {
    return new DeliveryAttempt(null, "target_refused: " + reason, true, 0);
  }

  boolean isSuccess() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  boolean isGone() {
    return statusCode != null && statusCode == 410;
  }
}
