package dev.promptly.api.deadletters;

import dev.promptly.api.web.RequestIdFilter;
import dev.promptly.jobstore.JobResource;
import dev.promptly.jobstore.JobResourceRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Dead letters and their replay, under {@code /v1/admin} (admin key only). */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "admin")
class DeadLetterController {
  private final DeadLetterRepository deadLetters;
  private final JobReplay replay;
  private final JobResourceRenderer renderer;

  DeadLetterController(
      DeadLetterRepository deadLetters, JobReplay replay, JobResourceRenderer renderer) {
    this.deadLetters = deadLetters;
    this.replay = replay;
    this.renderer = renderer;
  }

  @Operation(
      summary = "List dead letters, newest first",
      description =
          "Jobs that failed for good (attempts exhausted or a permanent error). Only those not"
              + " yet retried, unless include_replayed=true.")
  @GetMapping("/dead-letters")
  DeadLetterResource.Page list(
      @Parameter(description = "Only dead letters of this tenant")
          @RequestParam(name = "tenant_id", required = false)
          String tenantId,
      @Parameter(
              description = "Also list dead letters whose job was already retried",
              schema = @Schema(type = "boolean", defaultValue = "false"))
          @RequestParam(name = "include_replayed", required = false)
          String includeReplayed,
      @Parameter(description = "Cursor: the next_cursor of the previous page")
          @RequestParam(required = false)
          String after,
      @Parameter(
              description = "Page size",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @RequestParam(required = false)
          String limit) {
    DeadLetterQuery query = DeadLetterQuery.parse(tenantId, includeReplayed, after, limit);
    List<DeadLetterResource> rows =
        deadLetters.list(query, query.limit() + 1).stream().map(DeadLetterResource::of).toList();
    boolean hasMore = rows.size() > query.limit();
    List<DeadLetterResource> page = rows.subList(0, Math.min(rows.size(), query.limit()));
    return new DeadLetterResource.Page("list", page, hasMore, hasMore ? page.getLast().id() : null);
  }

  @Operation(
      summary = "Retry a failed job",
      description =
          "Requeues a failed job with its attempts reset and marks its dead letters replayed,"
              + " in one transaction. Of concurrent retries of one job exactly one requeues it.")
  @ApiResponse(responseCode = "200", description = "The job, queued again")
  @ApiResponse(
      responseCode = "404",
      description = "not_found: no such job",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
              schema = @Schema(ref = "#/components/schemas/Problem")))
  @ApiResponse(
      responseCode = "409",
      description = "job_not_failed: the job is not failed (or another retry requeued it first)",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
              schema = @Schema(ref = "#/components/schemas/Problem")))
  @PostMapping("/jobs/{id}/retry")
  JobResource retry(@PathVariable String id, HttpServletRequest request) {
    return renderer.render(replay.retry(id, RequestIdFilter.requestIdOf(request)));
  }
}
