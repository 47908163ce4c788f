package dev.promptly.jobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.CacheMode;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import dev.promptly.model.WaitingFor;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobResourceRendererTest {
  private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");
  private final JobResourceRenderer renderer = new JobResourceRenderer();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void rendersAQueuedJobExactlyAsTheApiContractShowsIt() {
    JsonNode rendered = json.valueToTree(renderer.render(aJob(JobStatus.QUEUED)));

    assertThat(rendered.propertyNames())
        .containsExactly(
            "id",
            "object",
            "kind",
            "status",
            "model",
            "priority",
            "attempts",
            "max_attempts",
            "created_at",
            "started_at",
            "finished_at",
            "result",
            "error",
            "usage",
            "cached",
            "cancel_requested",
            "metadata",
            "webhook_url",
            "batch_id",
            "custom_id",
            "route",
            "waiting_for");
    assertThat(rendered.get("batch_id").isNull()).isTrue();
    assertThat(rendered.get("route").asString()).isEqualTo("live");
    assertThat(rendered.get("object").asString()).isEqualTo("job");
    assertThat(rendered.get("status").asString()).isEqualTo("queued");
    assertThat(rendered.get("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(rendered.get("created_at").asString()).isEqualTo("2025-03-01T10:15:30.123456Z");
    assertThat(rendered.get("started_at").isNull()).isTrue();
    assertThat(rendered.get("result").isNull()).isTrue();
    assertThat(rendered.get("error").isNull()).isTrue();
    assertThat(rendered.get("metadata").get("order").asString()).isEqualTo("42");
    assertThat(rendered.get("usage").get("cost_usd").isNumber()).isTrue();
  }

  @Test
  void rendersTheResultAsAnObjectAndTheCostInDollars() {
    JobRecord job =
        withResult(aJob(JobStatus.SUCCEEDED), "{\"text\": \"done\", \"finish_reason\": \"stop\"}");

    JobResource resource = renderer.render(job);

    assertThat(resource.result()).isEqualTo(Map.of("text", "done", "finish_reason", "stop"));
    assertThat(resource.usage()).isEqualTo(new JobResource.Usage(1200, 300, 1500, 0.000356));
    assertThat(resource.finishedAt()).isEqualTo("2025-03-01T10:16:00Z");
  }

  @Test
  void rendersTheErrorOfAFailedJob() {
    JobRecord failed = aJob(JobStatus.FAILED);
    JobRecord job =
        new JobRecord(
            failed.id(),
            failed.tenantId(),
            failed.kind(),
            failed.status(),
            failed.modelAlias(),
            failed.model(),
            failed.priority(),
            failed.cacheMode(),
            failed.inputJson(),
            failed.metadataJson(),
            failed.webhookUrl(),
            failed.maxAttempts(),
            5,
            failed.timeoutSeconds(),
            null,
            "attempts_exhausted",
            "provider kept failing",
            0,
            0,
            0,
            false,
            false,
            null,
            null,
            null,
            CREATED,
            CREATED,
            CREATED,
            CREATED,
            null,
            OnBudgetExhausted.FAIL,
            null,
            null,
            JobRecord.LIVE);

    assertThat(renderer.render(job).error())
        .isEqualTo(new JobResource.JobError("attempts_exhausted", "provider kept failing"));
  }

  @Test
  void routeAndWaitingForAreTheStoredOnes() {
    JobRecord live = aJob(JobStatus.QUEUED);
    JobRecord waiting =
        new JobRecord(
            live.id(),
            live.tenantId(),
            live.kind(),
            live.status(),
            live.modelAlias(),
            live.model(),
            live.priority(),
            live.cacheMode(),
            live.inputJson(),
            live.metadataJson(),
            live.webhookUrl(),
            live.maxAttempts(),
            live.attempts(),
            live.timeoutSeconds(),
            null,
            null,
            null,
            0,
            0,
            0,
            false,
            false,
            null,
            null,
            live.requestId(),
            live.createdAt(),
            live.updatedAt(),
            null,
            null,
            WaitingFor.PROVIDER_BATCH,
            live.onBudgetExhausted(),
            null,
            null,
            JobRecord.PROVIDER_BATCH);

    JobResource rendered = renderer.render(waiting);

    assertThat(rendered.route()).isEqualTo("provider_batch");
    assertThat(rendered.waitingFor()).isEqualTo("provider_batch");
    assertThat(renderer.render(live).route()).isEqualTo("live");
  }

  private static JobRecord aJob(JobStatus status) {
    return new JobRecord(
        "job_0195500000000000000000000000000a",
        "ten_1",
        JobKind.SUMMARIZE,
        status,
        "default",
        "gpt-4o-mini",
        Priority.NORMAL,
        CacheMode.EXACT,
        "{\"text\": \"x\", \"style\": \"paragraph\", \"max_words\": 120}",
        "{\"order\": \"42\"}",
        "https://93.184.215.14/hook",
        5,
        0,
        120,
        null,
        null,
        null,
        0,
        0,
        0,
        false,
        false,
        null,
        null,
        "req_1",
        CREATED,
        CREATED,
        null,
        null,
        null,
        OnBudgetExhausted.FAIL,
        null,
        null,
        JobRecord.LIVE);
  }

  private static JobRecord withResult(JobRecord job, String result) {
    return new JobRecord(
        job.id(),
        job.tenantId(),
        job.kind(),
        job.status(),
        job.modelAlias(),
        job.model(),
        job.priority(),
        job.cacheMode(),
        job.inputJson(),
        job.metadataJson(),
        job.webhookUrl(),
        job.maxAttempts(),
        1,
        job.timeoutSeconds(),
        result,
        null,
        null,
        1200,
        300,
        356,
        false,
        false,
        null,
        null,
        job.requestId(),
        job.createdAt(),
        job.updatedAt(),
        Instant.parse("2025-03-01T10:15:31Z"),
        Instant.parse("2025-03-01T10:16:00Z"),
        null,
        OnBudgetExhausted.FAIL,
        null,
        null,
        JobRecord.LIVE);
  }
}
