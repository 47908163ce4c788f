package dev.promptly.api.dashboard;

import dev.promptly.api.admin.AdminRequests;
import dev.promptly.api.admin.TenantAdministration;
import dev.promptly.api.ratelimit.TenantRateLimits;
import dev.promptly.api.usage.UsageRepository;
import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import dev.promptly.api.webhooks.WebhookResources;
import dev.promptly.api.webhooks.WebhookSecretRotation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Tenants (admin): limits, keys, spend by model per day and the webhook secret, changed through the
 * services behind {@code /v1/admin}.
 */
@Controller
class TenantPagesController {
  private static final int SPEND_DAYS = 14;

  private final TenantReads tenants;
  private final TenantAdministration administration;
  private final WebhookSecretRotation rotation;
  private final UsageRepository usage;
  private final Clock clock;

  TenantPagesController(
      TenantReads tenants,
      TenantAdministration administration,
      WebhookSecretRotation rotation,
      UsageRepository usage,
      Clock clock) {
    this.tenants = tenants;
    this.administration = administration;
    this.rotation = rotation;
    this.usage = usage;
    this.clock = clock;
  }

  @GetMapping("/dashboard/tenants")
  String list(Model model) {
    model.addAttribute("tenants", tenants.list());
    model.addAttribute("page", "tenants");
    return "dashboard/tenants";
  }

  @GetMapping("/dashboard/tenants/{id}")
  String tenant(@PathVariable String id, Model model) {
    TenantReads.TenantRow tenant =
        tenants
            .find(id)
            .orElseThrow(() -> ApiException.notFound("No tenant with id '" + id + "'."));
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate from = today.minusDays(SPEND_DAYS - 1);
    model.addAttribute("tenant", tenant);
    model.addAttribute("budget", usage.budget(id, today).orElse(null));
    model.addAttribute("keys", administration.listKeys(id).data());
    model.addAttribute("spend", SpendChart.of(usage.daily(id, from, today), from, SPEND_DAYS));
    model.addAttribute("page", "tenants");
    return "dashboard/tenant";
  }

  @PostMapping("/dashboard/tenants/{id}/budget")
  String setBudget(
      @PathVariable String id,
      @RequestParam(name = "limit_usd", required = false) String limitUsd,
      @RequestParam(required = false) String period,
      RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          AdminRequests.Budget budget = new AdminRequests.Budget(decimal(limitUsd), period);
          List<FieldProblem> problems = budget.problems("");
          if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
          }
          administration.setBudget(id, budget);
          return "Budget set.";
        });
  }

  @PostMapping("/dashboard/tenants/{id}/rate-limit")
  String setRateLimit(
      @PathVariable String id,
      @RequestParam(name = "rate_limit_per_minute", required = false) String perMinute,
      @RequestParam(name = "read_rate_limit_per_minute", required = false) String readsPerMinute,
      RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          if (perMinute == null || !perMinute.strip().matches("[1-9]\\d{0,6}")) {
            throw ApiException.invalid("rate_limit_per_minute", "must be between 1 and 1000000");
          }
          Integer reads = null;
          if (readsPerMinute != null && !readsPerMinute.isBlank()) {
            if (!readsPerMinute.strip().matches("[1-9]\\d{0,7}")
                || Integer.parseInt(readsPerMinute.strip())
                    > TenantRateLimits.MAX_READS_PER_MINUTE) {
              throw ApiException.invalid(
                  "read_rate_limit_per_minute",
                  "must be between 1 and " + TenantRateLimits.MAX_READS_PER_MINUTE + ", or empty");
            }
            reads = Integer.parseInt(readsPerMinute.strip());
          }
          administration.setRateLimit(id, Integer.parseInt(perMinute.strip()), reads);
          return "Rate limits set.";
        });
  }

  @PostMapping("/dashboard/tenants/{id}/concurrency")
  String setConcurrency(
      @PathVariable String id,
      @RequestParam(name = "max_concurrent_jobs", required = false) String maxConcurrentJobs,
      RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          // Empty: no cap, as null is in the API.
          Integer cap = null;
          if (maxConcurrentJobs != null && !maxConcurrentJobs.isBlank()) {
            String digits = maxConcurrentJobs.strip();
            if (!digits.matches("[1-9]\\d{0,5}")
                || Integer.parseInt(digits) > AdminRequests.Concurrency.MAX) {
              throw ApiException.invalid(
                  "max_concurrent_jobs",
                  "must be between 1 and " + AdminRequests.Concurrency.MAX + ", or empty");
            }
            cap = Integer.parseInt(digits);
          }
          administration.setConcurrency(id, cap);
          return cap == null ? "Concurrency cap removed." : "Concurrency cap set.";
        });
  }

  @PostMapping("/dashboard/tenants/{id}/keys")
  String issueKey(@PathVariable String id, RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          String key = administration.issueKey(id).key();
          flash.addFlashAttribute("secret", key);
          return "New API key (shown only now):";
        });
  }

  @PostMapping("/dashboard/tenants/{id}/keys/{keyId}/revoke")
  String revokeKey(@PathVariable String id, @PathVariable String keyId, RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          administration.revokeKey(keyId);
          return "Key " + keyId + " revoked.";
        });
  }

  @PostMapping("/dashboard/tenants/{id}/webhook-secret/rotate")
  String rotateSecret(@PathVariable String id, RedirectAttributes flash) {
    return act(
        id,
        flash,
        () -> {
          WebhookResources.Secret secret = rotation.rotate(id);
          flash.addFlashAttribute("secret", secret.webhookSecret());
          return "New webhook secret (shown only now; the previous one signs too until "
              + secret.previousSecretExpiresAt()
              + "):";
        });
  }

  private static String act(String id, RedirectAttributes flash, Supplier<String> action) {
    try {
      flash.addFlashAttribute("notice", action.get());
    } catch (ApiException e) {
      flash.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/dashboard/tenants/" + id;
  }

  private static BigDecimal decimal(String value) {
    try {
      return value == null || value.isBlank() ? null : new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit_usd", "must be a number");
    }
  }
}
