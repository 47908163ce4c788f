package dev.promptly.jobstore;

import dev.promptly.model.CacheMode;
import dev.promptly.model.JobKind;
import dev.promptly.model.JobStatus;
import dev.promptly.model.OnBudgetExhausted;
import dev.promptly.model.Priority;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link JobRecord} kept in the Redis status cache. */
final class JobRecordJson {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JobRecordJson() {}

  static String encode(JobRecord job) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", job.id());
    node.put("tenant_id", job.tenantId());
    node.put("kind", job.kind().wireName());
    node.put("status", job.status().wireName());
    node.put("model_alias", job.modelAlias());
    node.put("model", job.model());
    node.put("priority", job.priority().wireName());
    node.put("cache_mode", job.cacheMode().wireName());
    node.put("input", job.inputJson());
    node.put("metadata", job.metadataJson());
    node.put("webhook_url", job.webhookUrl());
    node.put("max_attempts", job.maxAttempts());
    node.put("attempts", job.attempts());
    node.put("timeout_seconds", job.timeoutSeconds());
    node.put("result", job.resultJson());
    node.put("error_code", job.errorCode());
    node.put("error_message", job.errorMessage());
    node.put("prompt_tokens", job.promptTokens());
    node.put("completion_tokens", job.completionTokens());
    node.put("cost_micros", job.costMicros());
    node.put("cached", job.cached());
    node.put("cancel_requested", job.cancelRequested());
    node.put("worker_id", job.workerId());
    node.put("lease_expires_at", text(job.leaseExpiresAt()));
    node.put("request_id", job.requestId());
    node.put("created_at", text(job.createdAt()));
    node.put("updated_at", text(job.updatedAt()));
    node.put("started_at", text(job.startedAt()));
    node.put("finished_at", text(job.finishedAt()));
    node.put("waiting_for", job.waitingFor() == null ? null : job.waitingFor().wireName());
    node.put("on_budget_exhausted", job.onBudgetExhausted().wireName());
    node.put("batch_id", job.batchId());
    node.put("custom_id", job.customId());
    node.put("route", job.route());
    return JSON.writeValueAsString(node);
  }

  static JobRecord decode(String json) {
    JsonNode node = JSON.readTree(json);
    return new JobRecord(
        node.get("id").asString(),
        node.get("tenant_id").asString(),
        JobKind.fromWireName(node.get("kind").asString()),
        JobStatus.fromWireName(node.get("status").asString()),
        node.get("model_alias").asString(),
        node.get("model").asString(),
        Priority.fromWireName(node.get("priority").asString()),
        // Entries cached before the field existed describe jobs submitted under the default.
        CacheMode.fromWireName(
            node.hasNonNull("cache_mode") ? node.get("cache_mode").asString() : "exact"),
        string(node, "input"),
        string(node, "metadata"),
        string(node, "webhook_url"),
        node.get("max_attempts").asInt(),
        node.get("attempts").asInt(),
        node.get("timeout_seconds").asInt(),
        string(node, "result"),
        string(node, "error_code"),
        string(node, "error_message"),
        node.get("prompt_tokens").asInt(),
        node.get("completion_tokens").asInt(),
        node.get("cost_micros").asLong(),
        node.get("cached").asBoolean(),
        node.get("cancel_requested").asBoolean(),
        string(node, "worker_id"),
        instant(node, "lease_expires_at"),
        string(node, "request_id"),
        instant(node, "created_at"),
        instant(node, "updated_at"),
        instant(node, "started_at"),
        instant(node, "finished_at"),
        JobRows.waitingFor(string(node, "waiting_for")),
        // Entries cached before the field existed describe jobs submitted under the default.
        OnBudgetExhausted.fromWireName(
            node.hasNonNull("on_budget_exhausted")
                ? node.get("on_budget_exhausted").asString()
                : "fail"),
        string(node, "batch_id"),
        string(node, "custom_id"),
        // Entries cached before the field existed describe live jobs.
        node.hasNonNull("route") ? node.get("route").asString() : JobRecord.LIVE);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static String string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Instant instant(JsonNode node, String field) {
    String value = string(node, field);
    return value == null ? null : Instant.parse(value);
  }
}
