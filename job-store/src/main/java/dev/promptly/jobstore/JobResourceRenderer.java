package dev.promptly.jobstore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Renders a {@link JobRecord} as the job resource; the one place that shape is decided. */
public class JobResourceRenderer {
  private static final double MICROS_PER_USD = 1_000_000.0;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, String>> STRINGS =
      new TypeReference<>() {};

  public JobResource render(JobRecord job) {
    return new JobResource(
        job.id(),
        "job",
        job.kind().wireName(),
        job.status().wireName(),
        job.model(),
        job.priority().wireName(),
        job.attempts(),
        job.maxAttempts(),
        timestamp(job.createdAt()),
        timestamp(job.startedAt()),
        timestamp(job.finishedAt()),
        job.resultJson() == null ? null : JSON.readValue(job.resultJson(), OBJECT),
        job.errorCode() == null
            ? null
            : new JobResource.JobError(job.errorCode(), job.errorMessage()),
        new JobResource.Usage(
            job.promptTokens(),
            job.completionTokens(),
            job.promptTokens() + job.completionTokens(),
            job.costMicros() / MICROS_PER_USD),
        job.cached(),
        job.cancelRequested(),
        job.metadataJson() == null ? Map.of() : JSON.readValue(job.metadataJson(), STRINGS),
        job.webhookUrl(),
        job.batchId(),
        job.customId(),
        job.route() == null ? JobRecord.LIVE : job.route(),
        job.waitingFor() == null ? null : job.waitingFor().wireName());
  }

  /** RFC 3339 in UTC, e.g. {@code 2025-01-31T12:00:00.123456Z}. */
  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
