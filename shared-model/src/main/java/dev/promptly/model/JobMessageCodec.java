package dev.promptly.model;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Encodes {@link JobMessage} as the snake_case JSON body both services agree on. */
public final class JobMessageCodec {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JobMessageCodec() {}

  /** The UTF-8 JSON body of a message. */
  public static byte[] encode(JobMessage message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("schema_version", message.schemaVersion());
    node.put("job_id", message.jobId());
    node.put("tenant_id", message.tenantId());
    node.put("attempt", message.attempt());
    node.put("traceparent", message.traceparent());
    node.put("request_id", message.requestId());
    return JSON.writeValueAsBytes(node);
  }

  /**
   * Decodes a message body.
   *
   * @throws MalformedMessageException when the body is not a valid message of a known version
   */
  public static JobMessage decode(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      int version = requiredInt(node, "schema_version");
      if (version > JobMessage.CURRENT_SCHEMA_VERSION) {
        throw new MalformedMessageException("unsupported schema_version " + version);
      }
      return new JobMessage(
          version,
          requiredText(node, "job_id"),
          requiredText(node, "tenant_id"),
          requiredInt(node, "attempt"),
          optionalText(node, "traceparent"),
          optionalText(node, "request_id"));
    } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
      throw new MalformedMessageException("undecodable job message: " + abbreviate(body), e);
    }
  }

  private static int requiredInt(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isInt()) {
      throw new MalformedMessageException("missing or non-integer " + field);
    }
    return value.intValue();
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isString() || value.stringValue().isBlank()) {
      throw new MalformedMessageException("missing " + field);
    }
    return value.stringValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
    return body.length > 120 ? text + "…" : text;
  }
}
