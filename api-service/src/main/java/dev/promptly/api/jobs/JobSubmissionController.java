package dev.promptly.api.jobs;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.idempotency.IdempotencyKey;
import dev.promptly.api.idempotency.RequestFingerprint;
import dev.promptly.api.web.RequestIdFilter;
import dev.promptly.api.web.StrictJson;
import dev.promptly.jobstore.JobResource;
import dev.promptly.jobstore.JobResourceRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/jobs}: accepts a job and answers at once with its id. */
@RestController
@Tag(name = "jobs")
class JobSubmissionController {
  private final StrictJson json;
  private final JobRequestReader reader;
  private final JobSubmissionService submissions;
  private final JobResourceRenderer renderer;

  JobSubmissionController(
      StrictJson json,
      JobRequestReader reader,
      JobSubmissionService submissions,
      JobResourceRenderer renderer) {
    this.json = json;
    this.reader = reader;
    this.submissions = submissions;
    this.renderer = renderer;
  }

  @Operation(
      summary = "Submit a job",
      description =
          "Validates and stores the job, queues it, and returns it with status queued. With an"
              + " Idempotency-Key, repeating the same body returns the same job.")
  @ApiResponse(responseCode = "202", description = "Accepted; Location names the job")
  @PostMapping(path = "/v1/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JobResource> submit(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      schema = @Schema(implementation = JobRequest.class),
                      examples = {
                        @ExampleObject(
                            name = "summarize",
                            value =
                                """
                                {"kind": "summarize",
                                 "input": {"text": "...", "style": "bullets", "max_words": 120},
                                 "model": "default", "priority": "normal",
                                 "webhook_url": "https://example.com/hooks/promptly",
                                 "metadata": {"order": "42"},
                                 "max_attempts": 5, "timeout_seconds": 120}
                                """),
                        @ExampleObject(
                            name = "chat",
                            value =
                                """
                                {"kind": "chat",
                                 "input": {"messages": [{"role": "user", "content": "Hello"}],
                                           "temperature": 0.2, "max_tokens": 256}}
                                """)
                      }))
          @RequestBody
          byte[] body,
      @Parameter(description = "Up to 255 characters; the same key and body return the same job")
          @RequestHeader(name = IdempotencyKey.HEADER, required = false)
          String idempotencyHeader,
      @Parameter(hidden = true) @RequestHeader(name = "traceparent", required = false)
          String traceparent,
      HttpServletRequest request) {
    JsonNode tree = json.readObject(body);
    Optional<IdempotencyKey> key = IdempotencyKey.fromHeader(idempotencyHeader);
    JobSubmission job = reader.read(tree);
    JobSubmissionService.Accepted accepted =
        submissions.submit(
            new JobSubmissionService.Submission(
                tenant.id(),
                job,
                key,
                key.isPresent() ? RequestFingerprint.of(tree) : null,
                RequestIdFilter.requestIdOf(request),
                traceparent));
    ResponseEntity.BodyBuilder response =
        ResponseEntity.accepted().location(URI.create("/v1/jobs/" + accepted.job().id()));
    if (accepted.replayed()) {
      response.header(IdempotencyKey.REPLAYED_HEADER, "true");
    }
    return response.body(renderer.render(accepted.job()));
  }
}
