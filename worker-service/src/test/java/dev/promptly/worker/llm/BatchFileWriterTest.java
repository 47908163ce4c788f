package dev.promptly.worker.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BatchFileWriterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void eachLineIsAChatCompletionRequestUnderItsCustomId() {
    ChatRequest request =
        new ChatRequest(
            "gpt-4o-mini",
            List.of(new ChatMessage(ChatRole.USER, "Hello")),
            0.5,
            50,
            Duration.ofSeconds(10));

    String file =
        new String(
            new BatchFileWriter(JSON).write(List.of(new ProviderBatchLine("job-1", request))),
            StandardCharsets.UTF_8);

    assertThat(file).endsWith("\n").hasLineCount(1);
    JsonNode line = JSON.readTree(file);
    assertThat(line.get("custom_id").asString()).isEqualTo("job-1");
    assertThat(line.get("method").asString()).isEqualTo("POST");
    assertThat(line.get("url").asString()).isEqualTo("/v1/chat/completions");
    assertThat(line.at("/body/model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(line.at("/body/messages/0/role").asString()).isEqualTo("user");
    assertThat(line.at("/body/messages/0/content").asString()).isEqualTo("Hello");
    assertThat(line.at("/body/temperature").asDouble()).isEqualTo(0.5);
    assertThat(line.at("/body/max_tokens").asInt()).isEqualTo(50);
  }
}
