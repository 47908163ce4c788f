package dev.promptly.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JobBodiesTest {
  @Test
  void bodyIsASummarizeJobOfAboutOneKilobyteOfTextDifferentPerJob() {
    JobBodies bodies = new JobBodies(null);

    JsonNode first = Json.MAPPER.readTree(bodies.body(1));
    JsonNode second = Json.MAPPER.readTree(bodies.body(2));

    assertThat(first.path("kind").asString()).isEqualTo("summarize");
    assertThat(first.path("input").path("text").asString().length()).isBetween(850, 1200);
    assertThat(first.path("input").path("text")).isNotEqualTo(second.path("input").path("text"));
    assertThat(first.has("webhook_url")).isFalse();
  }

  @Test
  void bodyNamesTheWebhookWhenGivenOne() {
    JsonNode body = Json.MAPPER.readTree(new JobBodies("http://127.0.0.1:4000/hooks").body(7));

    assertThat(body.path("webhook_url").asString()).isEqualTo("http://127.0.0.1:4000/hooks");
  }

  @Test
  void jobIdIsReadFromAnAcceptedJobResource() {
    String accepted =
        "{\"id\": \"job_01HXYZ\", \"object\": \"job\", \"metadata\": {\"id\": \"x\"}}";

    assertThat(JobBodies.jobId(accepted)).isEqualTo("job_01HXYZ");
    assertThat(JobBodies.jobId("{\"type\": \"about:blank\"}")).isNull();
  }
}
