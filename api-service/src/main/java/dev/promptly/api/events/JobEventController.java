package dev.promptly.api.events;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A job's live events as server-sent events. */
@RestController
@Tag(name = "jobs")
class JobEventController {
  private final JobEventListeners listeners;
  private final WatchMarks marks;
  private final JobResourceRenderer renderer;
  private final SentEvents sent;
  private final EventsProperties properties;

  JobEventController(
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

  @Operation(
      summary = "Stream a job's events",
      description =
          "Server-sent events: `status` (data: the job) on every transition, starting with the"
              + " current one; `delta` (data: `{\"text\": \"...\"}`) for each streamed piece of the"
              + " answer; `done` (data: the finished job), after which the stream closes. Comment"
              + " lines are heartbeats. A stream lasts at most promptly.events.max-duration; then"
              + " reconnect.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "The event stream",
              content =
                  @Content(
                      mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                      schema = @Schema(type = "string"))))
  @GetMapping(path = "/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  ResponseEntity<SseEmitter> events(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
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
              .filter(found -> found.isOwnedBy(tenant.id()))
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
