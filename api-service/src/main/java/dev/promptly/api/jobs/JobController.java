package dev.promptly.api.jobs;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.batches.BatchIds;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResource;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobIds;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading, listing and cancelling a tenant's jobs. */
@RestController
@Tag(name = "jobs")
class JobController {
  static final int MAX_WAIT_SECONDS = 60;
  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 20;
  private static final List<String> STATUSES =
      List.of("queued", "running", "retry_scheduled", "succeeded", "failed", "cancelled");
  private static final List<String> KINDS = List.of("summarize", "chat");

  private final JobLookup lookup;
  private final TenantJobRepository jobs;
  private final JobCancellation cancellation;
  private final JobResourceRenderer renderer;

  JobController(
      JobLookup lookup,
      TenantJobRepository jobs,
      JobCancellation cancellation,
      JobResourceRenderer renderer) {
    this.lookup = lookup;
    this.jobs = jobs;
    this.cancellation = cancellation;
    this.renderer = renderer;
  }

  @Operation(summary = "Get a job; with wait=N, hold until it is finished or N seconds pass")
  @GetMapping("/v1/jobs/{id}")
  JobResource get(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @PathVariable String id,
      @Parameter(
              description = "Seconds to wait for a terminal status",
              schema = @Schema(type = "integer", minimum = "0", maximum = "60", defaultValue = "0"))
          @RequestParam(required = false)
          String wait)
      throws InterruptedException {
    List<FieldProblem> problems = new ArrayList<>();
    Integer seconds = integer(wait, "wait", 0, MAX_WAIT_SECONDS, 0, problems);
    requireValid(problems);
    JobRecord job =
        seconds == 0
            ? lookup.require(tenant.id(), id)
            : lookup.await(tenant.id(), id, Duration.ofSeconds(seconds));
    return renderer.render(job);
  }

  @Operation(summary = "List jobs, newest first")
  @GetMapping("/v1/jobs")
  JobPage list(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @Parameter(
              description = "Only jobs in this status",
              schema =
                  @Schema(
                      allowableValues = {
                        "queued",
                        "running",
                        "retry_scheduled",
                        "succeeded",
                        "failed",
                        "cancelled"
                      }))
          @RequestParam(required = false)
          String status,
      @Parameter(
              description = "Only jobs of this kind",
              schema = @Schema(allowableValues = {"summarize", "chat"}))
          @RequestParam(required = false)
          String kind,
      @Parameter(
              description = "Page size",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @RequestParam(required = false)
          String limit,
      @Parameter(description = "Cursor: the next_cursor of the previous page")
          @RequestParam(required = false)
          String after,
      @Parameter(description = "Only jobs of this batch")
          @RequestParam(name = "batch_id", required = false)
          String batchId) {
    List<FieldProblem> problems = new ArrayList<>();
    JobStatus statusFilter =
        FieldRules.oneOf(status, "status", STATUSES, JobStatus::fromWireName, null, problems);
    JobKind kindFilter =
        FieldRules.oneOf(kind, "kind", KINDS, JobKind::fromWireName, null, problems);
    Integer pageSize = integer(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, problems);
    if (after != null && !JobIds.isWellFormed(after)) {
      problems.add(new FieldProblem("after", "must be a job id"));
    }
    if (batchId != null && !BatchIds.isWellFormed(batchId)) {
      problems.add(new FieldProblem("batch_id", "must be a batch id"));
    }
    requireValid(problems);
    List<JobRecord> rows =
        jobs.list(tenant.id(), statusFilter, kindFilter, batchId, after, pageSize + 1);
    boolean hasMore = rows.size() > pageSize;
    List<JobResource> page = rows.stream().limit(pageSize).map(renderer::render).toList();
    return new JobPage("list", page, hasMore, hasMore ? page.getLast().id() : null);
  }

  @Operation(summary = "Cancel a job")
  @PostMapping("/v1/jobs/{id}/cancel")
  JobResource cancel(
      @Parameter(hidden = true) AuthenticatedTenant tenant, @PathVariable String id) {
    return renderer.render(cancellation.cancel(tenant.id(), id));
  }

  private static Integer integer(
      String value, String field, int min, int max, int fallback, List<FieldProblem> problems) {
    if (value == null) {
      return fallback;
    }
    if (!value.matches("\\d{1,9}")) {
      problems.add(new FieldProblem(field, "must be an integer between " + min + " and " + max));
      return null;
    }
    return FieldRules.intInRange(Integer.parseInt(value), field, min, max, fallback, problems);
  }

  private static void requireValid(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
  }
}
