package dev.promptly.jobevents;

import dev.promptly.notifications.PostgresNotifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes jobs' live events as Postgres notifications on {@link JobEventNotifications#EVENTS}
 * ({@code promptly.events.transport=postgres}), for a platform without Redis. A payload must stay
 * under 8000 bytes: a status event is far below it and a worker cuts long deltas into pieces before
 * publishing ({@code LiveAnswers}), so an event still too large is dropped and counted; its
 * listeners see the job's text in full in the final {@code done} event.
 */
public class PostgresJobEventPublisher implements JobEventPublisher {
  private static final Logger log = LoggerFactory.getLogger(PostgresJobEventPublisher.class);

  private final PostgresNotifier notifier;
  private final Counter failures;
  private final Counter tooLarge;

  public PostgresJobEventPublisher(PostgresNotifier notifier, MeterRegistry meters) {
    this.notifier = notifier;
    this.failures = failures(meters, "unreachable");
    this.tooLarge = failures(meters, "too_large");
  }

  private static Counter failures(MeterRegistry meters, String reason) {
    return Counter.builder("promptly.job.events.publish.failures")
        .description("Live job events that could not be published")
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public boolean publish(String jobId, JobEvent event) {
    return send(List.of(new Addressed(jobId, event))) == 1;
  }

  @Override
  public void publishAll(List<Addressed> events) {
    send(events);
  }

  /** Sends what fits in a notification, in one statement; returns how many were sent. */
  private int send(List<Addressed> events) {
    List<String> payloads = new ArrayList<>(events.size());
    for (Addressed addressed : events) {
      String payload = JobEventNotifications.payloadOf(addressed.jobId(), addressed.event());
      if (payload.getBytes(StandardCharsets.UTF_8).length > PostgresNotifier.MAX_PAYLOAD_BYTES) {
        tooLarge.increment();
        log.debug("live event for {} too large for a notification, dropped", addressed.jobId());
      } else {
        payloads.add(payload);
      }
    }
    try {
      notifier.send(JobEventNotifications.EVENTS, payloads);
      return payloads.size();
    } catch (SQLException e) {
      failures.increment(payloads.size());
      log.debug("{} live events not published: {}", payloads.size(), e.getMessage());
      return 0;
    }
  }
}
