package dev.promptly.api.dashboard;

import dev.promptly.api.deadletters.DeadLetterQuery;
import dev.promptly.api.deadletters.DeadLetterRepository;
import dev.promptly.api.deadletters.DeadLetterResource;
import dev.promptly.api.deadletters.JobReplay;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Dead letters (admin), as {@code GET /v1/admin/dead-letters} lists them, with replay. */
@Controller
class DeadLetterPagesController {
  private static final String PAGE_SIZE = "25";

  private final DeadLetterRepository deadLetters;
  private final JobReplay replay;

  DeadLetterPagesController(DeadLetterRepository deadLetters, JobReplay replay) {
    this.deadLetters = deadLetters;
    this.replay = replay;
  }

  @GetMapping("/dashboard/dead-letters")
  String list(
      @RequestParam(required = false) String tenant,
      @RequestParam(name = "include_replayed", required = false) String includeReplayed,
      @RequestParam(required = false) String after,
      Model model) {
    DeadLetterQuery query =
        DeadLetterQuery.parse(
            tenant == null || tenant.isBlank() ? null : tenant.strip(),
            "true".equals(includeReplayed) ? "true" : null,
            after == null || after.isBlank() ? null : after,
            PAGE_SIZE);
    List<DeadLetterResource> rows =
        deadLetters.list(query, query.limit() + 1).stream().map(DeadLetterResource::of).toList();
    boolean hasMore = rows.size() > query.limit();
    List<DeadLetterResource> page = rows.subList(0, Math.min(rows.size(), query.limit()));
    model.addAttribute("deadLetters", page);
    model.addAttribute("nextCursor", hasMore ? page.getLast().id() : null);
    model.addAttribute("tenant", query.tenantId());
    model.addAttribute("includeReplayed", query.includeReplayed());
    model.addAttribute("page", "dead-letters");
    return "dashboard/dead-letters";
  }

  @PostMapping("/dashboard/dead-letters/{jobId}/replay")
  String replay(@PathVariable String jobId, HttpServletRequest request, RedirectAttributes flash) {
    try {
      replay.retry(jobId, RequestIdFilter.requestIdOf(request));
      flash.addFlashAttribute("notice", "Job " + jobId + " queued again.");
    } catch (ApiException e) {
      flash.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/dashboard/dead-letters";
  }
}
