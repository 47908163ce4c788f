package dev.promptly.api.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.promptly.api.ratelimit.TenantRateLimits;
import dev.promptly.api.web.FieldProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The JSON bodies of the admin routes, each able to list its own invalid fields. */
public final class AdminRequests {
  static final int DEFAULT_RATE_LIMIT = 600;
  private static final int MAX_RATE_LIMIT = 1_000_000;
  private static final int MAX_NAME_LENGTH = 100;
  private static final BigDecimal MAX_LIMIT_USD = new BigDecimal("1000000000");
  private static final Set<String> PERIODS = Set.of("daily", "monthly");

  private AdminRequests() {}

  @Schema(name = "CreateTenantRequest")
  record CreateTenant(
      @JsonProperty("name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "acme")
          String name,
      @JsonProperty("rate_limit_per_minute") @Schema(defaultValue = "600")
          Integer rateLimitPerMinute,
      @JsonProperty("budget") Budget budget) {

    List<FieldProblem> problems() {
      List<FieldProblem> problems = new ArrayList<>();
      if (name == null || name.isBlank()) {
        problems.add(new FieldProblem("name", "is required"));
      } else if (name.length() > MAX_NAME_LENGTH) {
        problems.add(
            new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
      }
      if (rateLimitPerMinute != null) {
        checkRateLimit(rateLimitPerMinute, problems);
      }
      if (budget != null) {
        problems.addAll(budget.problems("budget."));
      }
      return problems;
    }

    int rateLimitOrDefault() {
      return rateLimitPerMinute == null ? DEFAULT_RATE_LIMIT : rateLimitPerMinute;
    }
  }

  @Schema(name = "Budget")
  public record Budget(
      @JsonProperty("limit_usd")
          @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "50.0")
          BigDecimal limitUsd,
      @JsonProperty("period")
          @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"daily", "monthly"})
          String period) {

    public List<FieldProblem> problems(String prefix) {
      List<FieldProblem> problems = new ArrayList<>();
      if (limitUsd == null) {
        problems.add(new FieldProblem(prefix + "limit_usd", "is required"));
      } else if (limitUsd.signum() < 0 || limitUsd.compareTo(MAX_LIMIT_USD) > 0) {
        problems.add(
            new FieldProblem(prefix + "limit_usd", "must be between 0 and " + MAX_LIMIT_USD));
      }
      if (period == null) {
        problems.add(new FieldProblem(prefix + "period", "is required"));
      } else if (!PERIODS.contains(period)) {
        problems.add(new FieldProblem(prefix + "period", "must be one of: daily, monthly"));
      }
      return problems;
    }

    /** The limit in micro-dollars; fractions of a micro-dollar are rounded half up. */
    long limitMicros() {
      return limitUsd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
  }

  @Schema(name = "RateLimitRequest")
  record RateLimit(
      @JsonProperty("rate_limit_per_minute") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          Integer rateLimitPerMinute,
      @JsonProperty("read_rate_limit_per_minute")
          @Schema(
              description =
                  "Reads per minute, in a bucket of their own; absent or null: ten times"
                      + " rate_limit_per_minute")
          Integer readRateLimitPerMinute) {

    List<FieldProblem> problems() {
      List<FieldProblem> problems = new ArrayList<>();
      if (rateLimitPerMinute == null) {
        problems.add(new FieldProblem("rate_limit_per_minute", "is required"));
      } else {
        checkRateLimit(rateLimitPerMinute, problems);
      }
      if (readRateLimitPerMinute != null) {
        checkRateLimit(
            "read_rate_limit_per_minute",
            readRateLimitPerMinute,
            TenantRateLimits.MAX_READS_PER_MINUTE,
            problems);
      }
      return problems;
    }
  }

  @Schema(name = "TenantCacheRequest")
  record CacheSettings(
      @JsonProperty("semantic_by_default")
          @Schema(
              description =
                  "Jobs submitted with the default cache mode (exact) also use the semantic"
                      + " cache; absent: unchanged")
          Boolean semanticByDefault,
      @JsonProperty("semantic_any_temperature")
          @Schema(
              description =
                  "A sampling request (temperature above 0) may be answered from the semantic"
                      + " cache; absent: unchanged")
          Boolean semanticAnyTemperature) {}

  @Schema(name = "ConcurrencyRequest")
  public record Concurrency(
      @JsonProperty("max_concurrent_jobs")
          @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              nullable = true,
              description =
                  "At most this many of the tenant's jobs run at once across all workers; null:"
                      + " no cap",
              example = "20")
          Integer maxConcurrentJobs) {
    /** The largest cap accepted. */
    public static final int MAX = 100_000;

    List<FieldProblem> problems() {
      List<FieldProblem> problems = new ArrayList<>();
      if (maxConcurrentJobs != null && (maxConcurrentJobs < 1 || maxConcurrentJobs > MAX)) {
        problems.add(
            new FieldProblem("max_concurrent_jobs", "must be between 1 and " + MAX + ", or null"));
      }
      return problems;
    }
  }

  private static void checkRateLimit(int rateLimit, List<FieldProblem> problems) {
    checkRateLimit("rate_limit_per_minute", rateLimit, MAX_RATE_LIMIT, problems);
  }

  private static void checkRateLimit(
      String field, int rateLimit, int max, List<FieldProblem> problems) {
    if (rateLimit < 1 || rateLimit > max) {
      problems.add(new FieldProblem(field, "must be between 1 and " + max));
    }
  }
}
