package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import dev.promptly.api.deadletters.JobReplay;
import dev.promptly.api.events.JobEventFeed;
import dev.promptly.api.jobs.JobCancellation;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.RequestIdFilter;
import dev.promptly.api.webhooks.WebhookEventRepository;
import dev.promptly.jobstore.JobRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What a job's page does: its live events, and cancel, retry and webhook redelivery through the
 * same services as the API's routes. Retry and redelivery are the admin's ({@link
 * DashboardRoutes}).
 */
@Controller
class JobActionsController {
  private final VisibleJobs visible;
  private final JobEventFeed events;
  private final JobCancellation cancellation;
  private final JobReplay replay;
  private final WebhookEventRepository webhooks;
  private final Clock clock;

  JobActionsController(
      VisibleJobs visible,
      JobEventFeed events,
      JobCancellation cancellation,
      JobReplay replay,
      WebhookEventRepository webhooks,
      Clock clock) {
    this.visible = visible;
    this.events = events;
    this.cancellation = cancellation;
    this.replay = replay;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  @GetMapping(path = "/dashboard/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  ResponseEntity<SseEmitter> events(SignedInKey viewer, @PathVariable String id) {
    return events.open(id, viewer::maySee);
  }

  @PostMapping("/dashboard/jobs/{id}/cancel")
  String cancel(SignedInKey viewer, @PathVariable String id, RedirectAttributes flash) {
    JobRecord job = visible.require(viewer, id);
    return act(
        flash,
        id,
        () -> {
          JobRecord after = cancellation.cancel(job.tenantId(), id);
          return after.cancelRequested() && !after.status().isTerminal()
              ? "Cancellation requested: the worker stops the job."
              : "Job cancelled.";
        });
  }

  @PostMapping("/dashboard/jobs/{id}/retry")
  String retry(
      SignedInKey viewer,
      @PathVariable String id,
      HttpServletRequest request,
      RedirectAttributes flash) {
    visible.require(viewer, id);
    return act(
        flash,
        id,
        () -> {
          replay.retry(id, RequestIdFilter.requestIdOf(request));
          return "Job queued again.";
        });
  }

  @PostMapping("/dashboard/jobs/{id}/redeliver")
  String redeliver(SignedInKey viewer, @PathVariable String id, RedirectAttributes flash) {
    visible.require(viewer, id);
    return act(
        flash,
        id,
        () ->
            webhooks
                .redeliverLatest(id, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .map(event -> "Webhook " + event.id() + " is pending again.")
                .orElseThrow(
                    () ->
                        ApiException.conflict(
                            "no_webhook_event", "The job has no webhook event to deliver again.")));
  }

  // A refused action (a finished job, a race) is shown on the job's page, not as an error page.
  private static String act(RedirectAttributes flash, String id, Action action) {
    try {
      flash.addFlashAttribute("notice", action.run());
    } catch (ApiException e) {
      flash.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/dashboard/jobs/" + id;
  }

  @FunctionalInterface
  interface Action {
    String run();
  }
}
