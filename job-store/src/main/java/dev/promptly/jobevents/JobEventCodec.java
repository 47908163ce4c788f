package dev.promptly.jobevents;

import dev.promptly.model.JobStatus;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link JobEvent} on its Redis channel. */
public final class JobEventCodec {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JobEventCodec() {}

  public static String encode(JobEvent event) {
    ObjectNode node = JSON.createObjectNode();
    switch (event) {
      case JobEvent.StatusChanged status -> {
        node.put("type", "status");
        node.put("status", status.status().wireName());
      }
      case JobEvent.Delta delta -> {
        node.put("type", "delta");
        node.put("attempt", delta.attempt());
        node.put("seq", delta.seq());
        node.put("text", delta.text());
        node.put("at", delta.publishedAtMicros());
      }
    }
    return JSON.writeValueAsString(node);
  }

  /** The event, or empty for a message this version does not understand. */
  public static Optional<JobEvent> decode(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return switch (node.path("type").asString("")) {
        case "status" ->
            Optional.of(
                new JobEvent.StatusChanged(JobStatus.fromWireName(node.get("status").asString())));
        case "delta" ->
            Optional.of(
                new JobEvent.Delta(
                    node.get("attempt").asInt(),
                    node.get("seq").asLong(),
                    node.get("text").asString(),
                    node.path("at").asLong(0)));
        default -> Optional.empty();
      };
    } catch (RuntimeException e) {
      // Not JSON, or a field missing or of another type (JacksonException is one of these).
      return Optional.empty();
    }
  }
}
