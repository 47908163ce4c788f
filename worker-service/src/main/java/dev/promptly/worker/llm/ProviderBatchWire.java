package dev.promptly.worker.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads OpenAI's batch object into a {@link ProviderBatch}. */
final class ProviderBatchWire {
  private ProviderBatchWire() {}

  /**
   * @throws IllegalArgumentException when the object has no id or a status we do not know
   */
  static ProviderBatch toBatch(JsonNode batch) {
    String id = text(batch.path("id"));
    String wireStatus = text(batch.path("status"));
    if (id == null || wireStatus == null) {
      throw new IllegalArgumentException("the provider's batch object has no id or status");
    }
    ProviderBatchStatus status =
        ProviderBatchStatus.fromWireName(wireStatus)
            .orElseThrow(
                () -> new IllegalArgumentException("unknown provider batch status " + wireStatus));
    JsonNode counts = batch.path("request_counts");
    return new ProviderBatch(
        id,
        status,
        counts.path("total").asInt(0),
        counts.path("completed").asInt(0),
        counts.path("failed").asInt(0),
        text(batch.path("output_file_id")),
        text(batch.path("error_file_id")),
        metadata(batch.path("metadata")),
        Instant.ofEpochSecond(batch.path("created_at").asLong(0)),
        errors(batch.path("errors").path("data")));
  }

  private static Map<String, String> metadata(JsonNode metadata) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> pair : metadata.properties()) {
      if (pair.getValue().isString()) {
        pairs.put(pair.getKey(), pair.getValue().stringValue());
      }
    }
    return pairs;
  }

  private static List<ProviderBatch.InputError> errors(JsonNode data) {
    List<ProviderBatch.InputError> errors = new ArrayList<>();
    for (JsonNode error : data.values()) {
      errors.add(
          new ProviderBatch.InputError(
              text(error.path("code")),
              text(error.path("message")),
              error.path("line").isNumber() ? error.path("line").asInt() : null));
    }
    return errors;
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : null;
  }
}
