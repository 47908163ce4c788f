package dev.promptly.worker.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptRendererTest {
  private static final String TEXT =
      "The council approved the budget. Roads will be repaired in May.";
  private final PromptRenderer renderer = new PromptRenderer(new PromptProperties(0.2, 2.0));

  @Test
  void summarizationSystemPromptNamesTheTaskTheWordLimitAndTheStyle() {
    Prompt prompt = renderer.render(new SummarizeInput(TEXT, SummaryStyle.BULLETS, 120));

    String system = prompt.messages().getFirst().content();
    assertThat(prompt.messages().getFirst().role()).isEqualTo(ChatRole.SYSTEM);
    assertThat(system)
        .contains("summarize")
        .contains("at most 120 words")
        .contains("Style: bullets.");
    assertThat(system).contains("bullet points");
  }

  @Test
  void eachStyleGetsItsOwnInstruction() {
    String paragraph = systemPromptFor(SummaryStyle.PARAGRAPH);
    String tldr = systemPromptFor(SummaryStyle.TLDR);

    assertThat(paragraph).contains("Style: paragraph.").contains("one cohesive paragraph");
    assertThat(tldr).contains("Style: tldr.").contains("TL;DR");
  }

  @Test
  void documentIsTheLastUserMessageAndNothingElse() {
    Prompt prompt = renderer.render(new SummarizeInput(TEXT, SummaryStyle.PARAGRAPH, 50));

    ChatMessage last = prompt.messages().getLast();
    assertThat(last.role()).isEqualTo(ChatRole.USER);
    assertThat(last.content()).isEqualTo("<document>\n" + TEXT + "\n</document>");
  }

  @Test
  void placeholdersInsideTheDocumentAreLeftAlone() {
    String text = "Write {max_words} and {style} literally, and $1 too.";

    Prompt prompt = renderer.render(new SummarizeInput(text, SummaryStyle.TLDR, 40));

    assertThat(prompt.messages().getLast().content()).contains(text);
  }

  @Test
  void summaryGenerationBudgetFollowsTheWordLimit() {
    Prompt prompt = renderer.render(new SummarizeInput(TEXT, SummaryStyle.BULLETS, 100));

    assertThat(prompt.maxTokens()).isEqualTo(250);
    assertThat(prompt.temperature()).isEqualTo(0.2);
  }

  @Test
  void chatMessagesPassThroughWithTheirSamplingSettings() {
    List<ChatMessage> messages =
        List.of(
            new ChatMessage(ChatRole.SYSTEM, "Be brief."),
            new ChatMessage(ChatRole.USER, "Hi"),
            new ChatMessage(ChatRole.ASSISTANT, "Hello."),
            new ChatMessage(ChatRole.USER, "What is Promptly?"));

    Prompt prompt = renderer.render(new ChatInput(messages, 0.7, 256));

    assertThat(prompt.messages()).isEqualTo(messages);
    assertThat(prompt.temperature()).isEqualTo(0.7);
    assertThat(prompt.maxTokens()).isEqualTo(256);
  }

  @Test
  void renderingFailsWhenATemplateValueIsMissing() {
    PromptTemplates templates = new PromptTemplates(List.of("summarize-user"));

    assertThatThrownBy(() -> templates.render("summarize-user", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{text}");
  }

  private String systemPromptFor(SummaryStyle style) {
    return renderer.render(new SummarizeInput(TEXT, style, 60)).messages().getFirst().content();
  }
}
