package dev.promptly.worker.llm;

import dev.promptly.model.ChatMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a batch input file: one JSON line per request, {@code {"custom_id", "method": "POST",
 * "url": "/v1/chat/completions", "body": <chat request>}}, the body as the live call sends it.
 */
final class BatchFileWriter {
  static final String ENDPOINT = "/v1/chat/completions";

  private final JsonMapper json;

  BatchFileWriter(JsonMapper json) {
    this.json = json;
  }

  byte[] write(List<ProviderBatchLine> lines) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (ProviderBatchLine line : lines) {
      ObjectNode request = json.createObjectNode();
      request.put("custom_id", line.customId());
      request.put("method", "POST");
      request.put("url", ENDPOINT);
      request.set("body", body(line.request()));
      file.writeBytes(json.writeValueAsBytes(request));
      file.write('\n');
    }
    return file.toByteArray();
  }

  private ObjectNode body(ChatRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("model", request.model());
    var messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role().wireName()).put("content", message.content());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    return body;
  }
}
