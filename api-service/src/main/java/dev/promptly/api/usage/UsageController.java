package dev.promptly.api.usage;

import dev.promptly.api.auth.AuthenticatedTenant;
import dev.promptly.api.web.ApiException;
import dev.promptly.model.ModelCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The models a tenant may use, and what it has used of them. */
@RestController
@RequestMapping("/v1")
@Tag(name = "usage")
class UsageController {
  private static final long MAX_DAYS = 366;

  private final ModelCatalog catalog;
  private final UsageRepository usage;
  private final Clock clock;

  UsageController(ModelCatalog catalog, UsageRepository usage, Clock clock) {
    this.catalog = catalog;
    this.usage = usage;
    this.clock = clock;
  }

  @Operation(
      summary = "List the models",
      description =
          "The catalog: each alias a job may name in `model`, the provider model behind it, its"
              + " context window, its prices per million tokens in USD and its fallback.")
  @GetMapping("/models")
  ModelResource.Page models(@Parameter(hidden = true) AuthenticatedTenant tenant) {
    return new ModelResource.Page(
        "list", catalog.models().stream().map(ModelResource::of).toList());
  }

  @Operation(
      summary = "Your usage and budget",
      description =
          "Tokens and cost per UTC day and model of the calling tenant's model calls from `from` to"
              + " `to` (inclusive, at most 366 days; default: this month so far), and its budget in"
              + " the current period (null without a budget).")
  @ApiResponse(
      responseCode = "400",
      description =
          "invalid_request: a date is not YYYY-MM-DD, or the range is reversed or too long",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
              schema = @Schema(ref = "#/components/schemas/Problem")))
  @GetMapping("/usage")
  UsageResource usage(
      @Parameter(hidden = true) AuthenticatedTenant tenant,
      @Parameter(description = "First UTC day, YYYY-MM-DD", schema = @Schema(format = "date"))
          @RequestParam(required = false)
          String from,
      @Parameter(description = "Last UTC day, YYYY-MM-DD", schema = @Schema(format = "date"))
          @RequestParam(required = false)
          String to) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate last = to == null ? today : day("to", to);
    LocalDate first = from == null ? last.withDayOfMonth(1) : day("from", from);
    if (first.isAfter(last)) {
      throw ApiException.invalid("from", "must not be after to");
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw ApiException.invalid("to", "must be at most " + MAX_DAYS + " days after from");
    }
    List<UsageResource.DailyUsage> daily = usage.daily(tenant.id(), first, last);
    return new UsageResource(
        "usage",
        first,
        last,
        daily,
        usage.budget(tenant.id(), today).orElse(null),
        Money.usd(usage.savedMicros(tenant.id(), first, last)),
        new UsageResource.CacheHits(
            daily.stream().mapToLong(day -> day.cacheHits().exact()).sum(),
            daily.stream().mapToLong(day -> day.cacheHits().semantic()).sum()));
  }

  private static LocalDate day(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(field, "must be a date as YYYY-MM-DD");
    }
  }
}
