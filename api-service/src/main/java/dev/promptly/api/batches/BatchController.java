package dev.promptly.api.batches;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.events.EventsProperties;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.batches.BatchIds;
import dev.promptly.batches.BatchReads;
import dev.promptly.batches.BatchRecord;
import dev.promptly.batches.BatchResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Reading, listing, cancelling and following a tenant's batches, and fetching their results. */
@RestController
@Tag(name = "batches")
class BatchController {
  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 20;
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final BatchLookup lookup;
  private final BatchReads reads;
  private final BatchCancellation cancellation;
  private final BatchResults results;
  private final EventsProperties events;

  BatchController(
      BatchLookup lookup,
      BatchReads reads,
      BatchCancellation cancellation,
      BatchResults results,
      EventsProperties events) {
    this.lookup = lookup;
    this.reads = reads;
    this.cancellation = cancellation;
    this.results = results;
    this.events = events;
  }

  @Operation(summary = "Get a batch, with its counts and usage summed from its jobs")
  @GetMapping("/v1/batches/{id}")
  BatchResource get(@Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    return BatchResource.of(lookup.require(tenant.id(), id));
  }

  @Operation(summary = "List batches, newest first")
  @GetMapping("/v1/batches")
  BatchPage list(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @Parameter(
              description = "Page size",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @RequestParam(required = false)
          String limit,
      @Parameter(description = "Cursor: the next_cursor of the previous page")
          @RequestParam(required = false)
          String after) {
    int pageSize = DEFAULT_LIMIT;
    if (limit != null) {
      if (!limit.matches("\\d{1,9}")
          || Integer.parseInt(limit) < 1
          || Integer.parseInt(limit) > MAX_LIMIT) {
        throw ApiException.invalid(
            List.of(new FieldProblem("limit", "must be an integer between 1 and " + MAX_LIMIT)));
      }
      pageSize = Integer.parseInt(limit);
    }
    if (after != null && !BatchIds.isWellFormed(after)) {
      throw ApiException.invalid(List.of(new FieldProblem("after", "must be a batch id")));
    }
    List<BatchRecord> rows = reads.list(tenant.id(), after, pageSize + 1);
    boolean hasMore = rows.size() > pageSize;
    List<BatchResource> page = rows.stream().limit(pageSize).map(BatchResource::of).toList();
    return new BatchPage("list", page, hasMore, hasMore ? page.getLast().id() : null);
  }

  @Operation(
      summary = "Cancel a batch",
      description =
          "Cancels every job of the batch not yet terminal, as a job cancel does; 409"
              + " batch_finished once the batch has completed.")
  @PostMapping("/v1/batches/{id}/cancel")
  BatchResource cancel(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    return BatchResource.of(cancellation.cancel(tenant.id(), id));
  }

  @Operation(
      summary = "Fetch a batch's results",
      description =
          "NDJSON, one line per job in submission order: job_id, custom_id, status, result, error,"
              + " usage. Jobs not yet finished are listed with their current status.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "The results",
              content =
                  @Content(
                      mediaType = BatchSubmissionController.NDJSON,
                      schema = @Schema(implementation = BatchResults.Line.class))))
  @GetMapping(path = "/v1/batches/{id}/results", produces = BatchSubmissionController.NDJSON)
  ResponseEntity<StreamingResponseBody> results(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    String batchId = lookup.require(tenant.id(), id).id();
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(BatchSubmissionController.NDJSON))
        .body(out -> results.write(batchId, out));
  }

  @Operation(
      summary = "Follow a batch's progress",
      description =
          "Server-sent events: `progress` (data: the batch) at once and then at most once a second"
              + " while its counts change, and `done` (data: the completed batch), after which the"
              + " stream closes.",
      responses =
          @ApiResponse(
              responseCode = "200",
              description = "The event stream",
              content =
                  @Content(
                      mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                      schema = @Schema(type = "string"))))
  @GetMapping(path = "/v1/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  ResponseEntity<SseEmitter> events(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    BatchRecord batch = lookup.require(tenant.id(), id);
    SseEmitter emitter = new SseEmitter(events.maxDuration().toMillis());
    new BatchProgressStream(
            batch.id(), emitter, reads, PROGRESS_INTERVAL, events.heartbeat(), events.maxDuration())
        .start(batch);
    return ResponseEntity.ok()
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(emitter);
  }
}
