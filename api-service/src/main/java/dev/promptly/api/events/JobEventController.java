package dev.promptly.api.events;

import dev.promptly.api.auth.AuthenticatedTenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
  private final JobEventFeed feed;

  JobEventController(JobEventFeed feed) {
    this.feed = feed;
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
    return feed.open(id, tenant.id()::equals);
  }
}
