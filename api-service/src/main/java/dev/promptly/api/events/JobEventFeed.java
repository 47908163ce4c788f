package dev.promptly.api.events;

import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobIds;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens a job's live event stream for a caller who may see the job's tenant: the API's {@code
 * /v1/jobs/{id}/events} and the dashboard's job page share it, so both see the same events.
 */
@Component
public class JobEventFeed {
  private final JobEventListeners listeners;
  private final WatchMarks marks;
  private final JobResourceRenderer renderer;
  private final SentEvents sent;
  private final EventsProperties properties;

  JobEventFeed(
      JobEventListeners listeners,
      WatchMarks marks,
      JobResourceRenderer renderer,
      SentEvents sent,
      EventsProperties properties) {
    this.listeners = listeners;
    this.marks = marks;
    this.renderer = renderer;
    this.sent = sent;
    this.properties = properties;
  }

  /**
   * @param visibleTo whether the caller may see a job of the given tenant
   * @throws ApiException 404 when the job does not exist or its tenant is not visible
   */
  public ResponseEntity<SseEmitter> open(String id, Predicate<String> visibleTo) {
    if (!JobIds.isWellFormed(id)) {
      throw notFound(id);
    }
    SseEmitter emitter = new SseEmitter(properties.maxDuration().toMillis());
    JobEventStream stream = new JobEventStream(id, emitter, listeners, renderer, sent, properties);
    JobRecord job;
    try {
      job =
          stream
              .current()
              .filter(found -> visibleTo.test(found.tenantId()))
              .orElseThrow(() -> notFound(id));
    } catch (RuntimeException e) {
      stream.end();
      throw e;
    }
    if (!job.status().isTerminal()) {
      marks.mark(id);
    }
    stream.start(job);
    return ResponseEntity.ok()
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        // nginx and other proxies: pass each event on as it comes.
        .header("X-Accel-Buffering", "no")
        .body(emitter);
  }

  private static ApiException notFound(String jobId) {
    return ApiException.notFound("No job with id '" + jobId + "'.");
  }
}
