package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResourceRenderer;
import dev.promptly.model.JobIds;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The job list (filters, cursor paging) and one job's page. */
@Controller
class JobPagesController {
  static final int PAGE_SIZE = 25;
  private static final List<String> STATUSES =
      List.of("queued", "running", "retry_scheduled", "succeeded", "failed", "cancelled");
  private static final List<String> KINDS = List.of("summarize", "chat");

  private final JobReads reads;
  private final VisibleJobs visible;
  private final JobResourceRenderer renderer;
  private final JobWebhooks webhooks;

  JobPagesController(
      JobReads reads, VisibleJobs visible, JobResourceRenderer renderer, JobWebhooks webhooks) {
    this.reads = reads;
    this.visible = visible;
    this.renderer = renderer;
    this.webhooks = webhooks;
  }

  @GetMapping("/dashboard/jobs")
  String list(
      SignedInKey viewer,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String after,
      Model model) {
    status = blankToNull(status);
    kind = blankToNull(kind);
    tenant = viewer.isAdmin() ? blankToNull(tenant) : viewer.tenantId();
    after = blankToNull(after);
    if ((status != null && !STATUSES.contains(status))
        || (kind != null && !KINDS.contains(kind))
        || (after != null && !JobIds.isWellFormed(after))) {
      throw ApiException.invalid("filter", "Unknown status, kind or cursor.");
    }
    List<JobRecord> rows =
        reads.list(
            tenant,
            status == null ? null : JobStatus.fromWireName(status),
            kind == null ? null : JobKind.fromWireName(kind),
            after,
            PAGE_SIZE + 1);
    boolean hasMore = rows.size() > PAGE_SIZE;
    List<JobRecord> page = rows.subList(0, Math.min(rows.size(), PAGE_SIZE));
    model.addAttribute("jobs", page.stream().map(JobRow::of).toList());
    model.addAttribute("nextCursor", hasMore ? page.getLast().id() : null);
    model.addAttribute("statuses", STATUSES);
    model.addAttribute("kinds", KINDS);
    model.addAttribute("status", status);
    model.addAttribute("kind", kind);
    model.addAttribute("tenant", viewer.isAdmin() ? tenant : null);
    model.addAttribute("page", "jobs");
    return "dashboard/jobs";
  }

  @GetMapping("/dashboard/jobs/{id}")
  String job(SignedInKey viewer, @PathVariable String id, Model model) {
    JobRecord job = visible.require(viewer, id);
    model.addAttribute("job", renderer.render(job));
    model.addAttribute("tenantId", job.tenantId());
    model.addAttribute("terminal", job.status().isTerminal());
    model.addAttribute("failed", job.status() == JobStatus.FAILED);
    model.addAttribute("attempts", reads.attempts(job.id()));
    model.addAttribute("transitions", reads.transitions(job.id()));
    model.addAttribute("deliveries", webhooks.deliveries(job.id()));
    model.addAttribute("webhookEvents", webhooks.events(job.id()));
    model.addAttribute("page", "jobs");
    return "dashboard/job";
  }

  /** A row of the job list. */
  record JobRow(
      String id, String tenantId, String kind, String status, String model, String createdAt) {
    static JobRow of(JobRecord job) {
      return new JobRow(
          job.id(),
          job.tenantId(),
          job.kind().wireName(),
          job.status().wireName(),
          job.modelAlias(),
          job.createdAt().toString());
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
