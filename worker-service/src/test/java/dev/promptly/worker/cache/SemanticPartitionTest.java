package dev.promptly.worker.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.ModelSpec;
import dev.promptly.worker.prompts.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticPartitionTest {
  private static final ModelSpec MINI = new ModelSpec("default", "gpt-4o-mini", 128000, 1, 1, null);
  private static final ModelSpec LARGE = new ModelSpec("quality", "gpt-4o", 128000, 1, 1, null);

  @Test
  void theUsersWordsDoNotChangeThePartition() {
    assertThat(SemanticCache.partitionOf(MINI, prompt("Be brief.", "What is 2 + 2?", 0.0)))
        .isEqualTo(SemanticCache.partitionOf(MINI, prompt("Be brief.", "What's 2 plus 2?", 0.0)));
  }

  @Test
  void anotherSystemPromptModelOrTemperatureIsAnotherPartition() {
    String partition = SemanticCache.partitionOf(MINI, prompt("Be brief.", "Hi", 0.0));

    assertThat(SemanticCache.partitionOf(MINI, prompt("Be verbose.", "Hi", 0.0)))
        .isNotEqualTo(partition);
    assertThat(SemanticCache.partitionOf(LARGE, prompt("Be brief.", "Hi", 0.0)))
        .isNotEqualTo(partition);
    assertThat(SemanticCache.partitionOf(MINI, prompt("Be brief.", "Hi", 0.7)))
        .isNotEqualTo(partition);
  }

  @Test
  void theEmbeddedTextIsTheConversationWithoutTheSystemPrompt() {
    assertThat(SemanticCache.textOf(prompt("Be brief.", "What is 2 + 2?", 0.0)))
        .isEqualTo("What is 2 + 2?");
  }

  private static Prompt prompt(String system, String user, double temperature) {
    return new Prompt(
        List.of(new ChatMessage(ChatRole.SYSTEM, system), new ChatMessage(ChatRole.USER, user)),
        temperature,
        200);
  }
}
