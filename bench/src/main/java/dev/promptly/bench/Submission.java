package dev.promptly.bench;

import java.time.Instant;

/**
 * One {@code POST /v1/jobs} as the client saw it.
 *
 * @param index the job's number in its scenario
 * @param jobId the id of the accepted job; null unless the answer was 202
 * @param status the HTTP status; 0 when no answer came (connection refused, timeout)
 * @param sentAt when the request was sent, by this machine's wall clock, which the services share
 * @param latencyMillis from sending the request to reading the whole answer
 */
record Submission(int index, String jobId, int status, Instant sentAt, double latencyMillis) {

  boolean accepted() {
    return status == 202 && jobId != null;
  }

  Instant answeredAt() {
    return sentAt.plusNanos((long) (latencyMillis * 1_000_000));
  }
}
