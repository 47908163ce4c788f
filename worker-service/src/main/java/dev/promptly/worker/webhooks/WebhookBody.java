package dev.promptly.worker.webhooks;

import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobResourceRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook body: {@code {"type", "timestamp", "data"}} with the job resource exactly as the API
 * shows it, and the time of the terminal transition (the event's own time, the same on every
 * attempt).
 */
final class WebhookBody {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JobResourceRenderer renderer;

  WebhookBody(JobResourceRenderer renderer) {
    this.renderer = renderer;
  }

  String render(ClaimedEvent event, JobRecord job) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type());
    body.put("timestamp", event.createdAt().toString());
    body.put("data", renderer.render(job));
    return JSON.writeValueAsString(body);
  }
}
