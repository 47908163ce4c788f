package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import dev.promptly.api.usage.UsageRepository;
import dev.promptly.api.usage.UsageResource;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview: the last hour's jobs and latency, what waits, provider limits, spend today. */
@Controller
class OverviewController {
  private static final int MINUTES = 60;

  private final OverviewReads reads;
  private final QueueDepths queues;
  private final ProviderWindows windows;
  private final ProviderCircuitStates circuits;
  private final UsageRepository usage;
  private final Clock clock;

  OverviewController(
      OverviewReads reads,
      QueueDepths queues,
      ProviderWindows windows,
      ProviderCircuitStates circuits,
      UsageRepository usage,
      Clock clock) {
    this.reads = reads;
    this.queues = queues;
    this.windows = windows;
    this.circuits = circuits;
    this.usage = usage;
    this.clock = clock;
  }

  /** A tenant's spend today beside the budget of its current period, if it has one. */
  record Spend(String tenantId, String name, long spentTodayMicros, UsageResource.Budget budget) {}

  @GetMapping({"/dashboard", "/dashboard/"})
  String overview(SignedInKey viewer, Model model) {
    String scope = viewer.isAdmin() ? null : viewer.tenantId();
    Instant now = clock.instant();
    Instant firstMinute =
        now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
    List<OverviewReads.Minute> minutes = reads.minutes(scope, firstMinute);
    model.addAttribute("throughput", Charts.throughput(minutes, firstMinute, MINUTES));
    model.addAttribute("latency", Charts.latency(minutes, firstMinute, MINUTES));
    model.addAttribute("waiting", reads.waiting(scope));
    model.addAttribute("spend", spend(scope, now));
    if (viewer.isAdmin()) {
      model.addAttribute("queues", queues.queues());
      model.addAttribute("outboxBacklog", queues.outboxBacklog());
      model.addAttribute("windows", windows.windows(now.toEpochMilli()));
      model.addAttribute("circuits", circuits.circuits());
    }
    model.addAttribute("page", "overview");
    return "dashboard/overview";
  }

  private List<Spend> spend(String scope, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, UsageResource.Budget> budgets = new HashMap<>();
    return reads.spendToday(scope, today.atStartOfDay(ZoneOffset.UTC).toInstant()).stream()
        .map(
            row ->
                new Spend(
                    row.tenantId(),
                    row.name(),
                    row.spentTodayMicros(),
                    budgets.computeIfAbsent(
                        row.tenantId(), id -> usage.budget(id, today).orElse(null))))
        .toList();
  }
}
