package dev.promptly.worker;

import dev.promptly.model.CacheMode;
import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobIds;
import dev.promptly.model.JobInput;
import dev.promptly.model.JobInputCodec;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobMessage;
import dev.promptly.model.JobStatus;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts jobs (and their tenants) into the database the way the API would. */
public final class TestJobs {
  /** A text whose sentences an extractive summary can be checked against. */
  public static final String ARTICLE =
      "The city council approved a new budget for road repairs on Monday. "
          + "Work on the main bridge will begin in May and last six weeks. "
          + "Residents can expect detours on the north side during that time. "
          + "The mayor said the repairs were overdue after a harsh winter. "
          + "Funding comes from a regional transport grant and local taxes.";

  private final JdbcClient jdbc;
  private final Clock clock;

  public TestJobs(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Builder aQueuedJob() {
    return new Builder();
  }

  /** A job row as inserted, and the message that names it. */
  public record TestJob(String id, String tenantId, Priority priority) {
    public JobMessage message() {
      return message(1);
    }

    public JobMessage message(int attempt) {
      return JobMessage.of(id, tenantId, attempt, null, "req_" + id);
    }
  }

  public final class Builder {
    private JobInput input = new SummarizeInput(ARTICLE, SummaryStyle.PARAGRAPH, 40);
    private String modelAlias = "default";
    private String model = "gpt-4o-mini";
    private Priority priority = Priority.NORMAL;
    private CacheMode cacheMode = CacheMode.EXACT;
    private OnBudgetExhausted onBudgetExhausted = OnBudgetExhausted.FAIL;
    private JobStatus status = JobStatus.QUEUED;
    private int maxAttempts = 3;
    private int timeoutSeconds = 30;
    private boolean cancelRequested;
    private String workerId;
    private Instant leaseExpiresAt;
    private String tenant;
    private String webhookUrl;

    /** A job that names this webhook URL. */
    public Builder withWebhookUrl(String url) {
      webhookUrl = url;
      return this;
    }

    /** A job of an existing tenant, instead of one of its own. */
    public Builder forTenant(String tenantId) {
      tenant = tenantId;
      return this;
    }

    public Builder withKind(JobKind kind) {
      input =
          switch (kind) {
            case SUMMARIZE -> new SummarizeInput(ARTICLE, SummaryStyle.PARAGRAPH, 40);
            case CHAT ->
                new ChatInput(
                    List.of(
                        new ChatMessage(ChatRole.SYSTEM, "You are a helpful assistant."),
                        new ChatMessage(ChatRole.USER, "What does an asynchronous job queue do?")),
                    0.5,
                    200);
          };
      return this;
    }

    public Builder withInput(JobInput value) {
      input = value;
      return this;
    }

    /** The catalog alias the job was submitted with, and the model it resolved to then. */
    public Builder withModel(String alias, String providerModel) {
      modelAlias = alias;
      model = providerModel;
      return this;
    }

    public Builder withPriority(Priority value) {
      priority = value;
      return this;
    }

    public Builder withCacheMode(CacheMode value) {
      cacheMode = value;
      return this;
    }

    /** Submitted with {@code on_budget_exhausted: wait}. */
    public Builder waitingForBudgetWhenExhausted() {
      onBudgetExhausted = OnBudgetExhausted.WAIT;
      return this;
    }

    public Builder withStatus(JobStatus value) {
      status = value;
      return this;
    }

    public Builder withMaxAttempts(int value) {
      maxAttempts = value;
      return this;
    }

    public Builder withTimeoutSeconds(int value) {
      timeoutSeconds = value;
      return this;
    }

    /**
     * Running, claimed by {@code worker} in attempt 1 (with its open {@code job_attempts} row),
     * with its lease ending at {@code leaseExpiresAt}.
     */
    public Builder heldBy(String worker, Instant leaseExpiresAt) {
      this.status = JobStatus.RUNNING;
      this.workerId = worker;
      this.leaseExpiresAt = leaseExpiresAt;
      return this;
    }

    public Builder withCancelRequested() {
      cancelRequested = true;
      return this;
    }

    public TestJob insert() {
      String tenantId = tenant != null ? tenant : insertTenant();
      var now = clock.instant().atOffset(ZoneOffset.UTC);
      insertJob(tenantId, now);
      return new TestJob(lastId, tenantId, priority);
    }

    private String lastId;

    private String insertTenant() {
      String tenantId = "ten_" + UUID.randomUUID().toString().replace("-", "");
      var now = clock.instant().atOffset(ZoneOffset.UTC);
      jdbc.sql(
              """
              INSERT INTO tenants (id, name, rate_limit_per_minute, webhook_secret, created_at)
              VALUES (:id, :id, 600, 'whsec_test', :now)
              """)
          .param("id", tenantId)
          .param("now", now)
          .update();
      return tenantId;
    }

    private void insertJob(String tenantId, java.time.OffsetDateTime now) {
      String id = JobIds.next(clock);
      lastId = id;
      boolean finished = status.isTerminal();
      jdbc.sql(
              """
              INSERT INTO jobs (id, tenant_id, kind, status, model_alias, model, priority, cache_mode, input,
                                max_attempts, attempts, timeout_seconds, result, cancel_requested,
                                request_id, worker_id, lease_expires_at, created_at, updated_at, started_at,
                                finished_at, webhook_url, on_budget_exhausted)
              VALUES (:id, :tenantId, :kind, :status, :modelAlias, :model, :priority, :cacheMode, :input::jsonb,
                      :maxAttempts, :attempts, :timeoutSeconds, :result::jsonb, :cancelRequested,
                      :requestId, :workerId, :leaseExpiresAt, :now, :now, :startedAt, :finishedAt,
                      :webhookUrl, :onBudgetExhausted)
              """)
          .param("id", id)
          .param("tenantId", tenantId)
          .param("kind", input.kind().wireName())
          .param("modelAlias", modelAlias)
          .param("model", model)
          .param("status", status.wireName())
          .param("priority", priority.wireName())
          .param("cacheMode", cacheMode.wireName())
          .param("onBudgetExhausted", onBudgetExhausted.wireName())
          .param("input", JobInputCodec.encode(input))
          .param("maxAttempts", maxAttempts)
          .param("attempts", status == JobStatus.QUEUED ? 0 : 1)
          .param("timeoutSeconds", timeoutSeconds)
          .param(
              "result",
              status == JobStatus.SUCCEEDED
                  ? "{\"text\": \"done\", \"finish_reason\": \"stop\"}"
                  : null,
              java.sql.Types.VARCHAR)
          .param("cancelRequested", cancelRequested)
          .param("requestId", "req_" + id)
          .param("now", now)
          .param("workerId", workerId, java.sql.Types.VARCHAR)
          .param(
              "leaseExpiresAt",
              // A held job's lease only gets its real (maybe past) value once its attempt row
              // exists, so the reaper never sees a half-inserted job.
              leaseExpiresAt == null
                  ? null
                  : workerId != null ? now.plusHours(1) : leaseExpiresAt.atOffset(ZoneOffset.UTC),
              java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
          .param(
              "startedAt",
              status == JobStatus.QUEUED ? null : now,
              java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
          .param("finishedAt", finished ? now : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
          .param("webhookUrl", webhookUrl, java.sql.Types.VARCHAR)
          .update();
      if (workerId != null) {
        jdbc.sql(
                """
                INSERT INTO job_attempts (job_id, attempt, worker_id, started_at)
                VALUES (:id, 1, :workerId, :now)
                """)
            .param("id", id)
            .param("workerId", workerId)
            .param("now", now)
            .update();
        if (leaseExpiresAt != null) {
          jdbc.sql("UPDATE jobs SET lease_expires_at = :lease WHERE id = :id")
              .param("lease", leaseExpiresAt.atOffset(ZoneOffset.UTC))
              .param("id", id)
              .update();
        }
      }
    }
  }
}
