package dev.promptly.api.batches;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.api.idempotency.RequestFingerprint;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.web.RequestIdFilter;
import dev.promptly.api.web.StrictJson;
import dev.promptly.batches.BatchResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/batches}: accepts up to 10,000 jobs at once, all or none. */
@RestController
@Tag(name = "batches")
class BatchSubmissionController {
  static final String NDJSON = "application/x-ndjson";

  private final StrictJson json;
  private final BatchRequestReader reader;
  private final BatchSubmissionService submissions;

  BatchSubmissionController(
      StrictJson json, BatchRequestReader reader, BatchSubmissionService submissions) {
    this.json = json;
    this.reader = reader;
    this.submissions = submissions;
  }

  @Operation(
      summary = "Submit a batch of jobs",
      description =
          "1 to 10,000 jobs, each a POST /v1/jobs body plus an optional custom_id, all accepted or"
              + " none (400 naming every invalid field as jobs[17].input.text). The body may be up"
              + " to 64 MiB. With an Idempotency-Key, repeating the same body returns the same"
              + " batch.")
  @ApiResponse(responseCode = "202", description = "Accepted; Location names the batch")
  @PostMapping(path = "/v1/batches", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<BatchResource> submit(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = BatchRequest.class)))
          @RequestBody
          byte[] body,
      @Parameter(description = "Up to 255 characters; the same key and body return the same batch")
          @RequestHeader(name = IdempotencyKey.HEADER, required = false)
          String idempotencyHeader,
      @Parameter(hidden = true) @RequestHeader(name = "traceparent", required = false)
          String traceparent,
      HttpServletRequest request) {
    ObjectNode tree = (ObjectNode) json.readObject(body);
    Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(idempotencyHeader);
    String hash = key.isPresent() ? RequestFingerprint.of(tree) : null;
    return accept(tenant, reader.read(tree), key, hash, traceparent, request);
  }

  @Operation(
      summary = "Submit a batch of jobs as NDJSON",
      description =
          "One POST /v1/jobs body (plus an optional custom_id) per line; the batch's options are"
              + " query parameters. Errors name the line: line 18: input.text.")
  @ApiResponse(responseCode = "202", description = "Accepted; Location names the batch")
  @PostMapping(path = "/v1/batches", consumes = NDJSON)
  ResponseEntity<BatchResource> submitLines(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @RequestBody byte[] body,
      @Parameter(description = "Receives batch.completed (data: the batch)")
          @RequestParam(name = "webhook_url", required = false)
          String webhookUrl,
      @Parameter(description = "null (run now); \"24h\" is not supported yet")
          @RequestParam(name = "completion_window", required = false)
          String completionWindow,
      @Parameter(description = "Up to 255 characters; the same key and body return the same batch")
          @RequestHeader(name = IdempotencyKey.HEADER, required = false)
          String idempotencyHeader,
      @Parameter(hidden = true) @RequestHeader(name = "traceparent", required = false)
          String traceparent,
      HttpServletRequest request) {
    List<ObjectNode> lines = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    List<FieldProblem> problems = new ArrayList<>();
    NdjsonLines.split(body, json, lines, numbers, problems);
    Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(idempotencyHeader);
    String hash = null;
    if (key.isPresent() && problems.isEmpty()) {
      // The same batch as a JSON body would be: one fingerprint for either form.
      ObjectNode canonical = JsonNodeFactory.instance.objectNode();
      canonical.putArray("jobs").addAll(lines.stream().map(JsonNode.class::cast).toList());
      canonical.put("webhook_url", webhookUrl);
      canonical.put("completion_window", completionWindow);
      hash = RequestFingerprint.of(canonical);
    }
    BatchSubmission batch =
        reader.readLines(
            lines, numbers, problems, new BatchOptions(webhookUrl, null, completionWindow));
    return accept(tenant, batch, key, hash, traceparent, request);
  }

  private ResponseEntity<BatchResource> accept(
      AuthenticatedTenant tenant,
      BatchSubmission batch,
      Optional<IdempotencyKey> key,
      String hash,
      String traceparent,
      HttpServletRequest request) {
    BatchSubmissionService.Accepted accepted =
        submissions.submit(
            new BatchSubmissionService.Submission(
                tenant.id(), batch, key, hash, RequestIdFilter.requestIdOf(request), traceparent));
    ResponseEntity.BodyBuilder response =
        ResponseEntity.accepted().location(URI.create("/v1/batches/" + accepted.batch().id()));
    if (accepted.replayed()) {
      response.header(IdempotencyKey.REPLAYED_HEADER, "true");
    }
    return response.body(BatchResource.of(accepted.batch()));
  }
}
