package dev.promptly.worker.prompts;

import dev.promptly.model.ChatInput;
import dev.promptly.model.ChatMessage;
import dev.promptly.model.ChatRole;
import dev.promptly.model.JobInput;
import dev.promptly.model.SummarizeInput;
import dev.promptly.model.SummaryStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns a job's input into the prompt sent to the model. */
@Component
public class PromptRenderer {
  private static final String SUMMARIZE_SYSTEM = "summarize-system";
  private static final String SUMMARIZE_USER = "summarize-user";
  private static final int SUMMARY_TOKEN_HEADROOM = 50;

  private final PromptTemplates templates;
  private final PromptProperties properties;

  public PromptRenderer(PromptProperties properties) {
    List<String> names = new ArrayList<>(List.of(SUMMARIZE_SYSTEM, SUMMARIZE_USER));
    for (SummaryStyle style : SummaryStyle.values()) {
      names.add(styleTemplate(style));
    }
    this.templates = new PromptTemplates(names);
    this.properties = properties;
  }

  public Prompt render(JobInput input) {
    return switch (input) {
      case SummarizeInput summarize -> summarize(summarize);
      case ChatInput chat -> new Prompt(chat.messages(), chat.temperature(), chat.maxTokens());
    };
  }

  // The document goes last, in a user message of its own: the emulator (and most models) read
  // the text to summarize from the last user message and the limits from the system message.
  private Prompt summarize(SummarizeInput input) {
    String style = input.style().wireName();
    String system =
        templates.render(
            SUMMARIZE_SYSTEM,
            Map.of(
                "max_words", Integer.toString(input.maxWords()),
                "style", style,
                "style_instruction", templates.render(styleTemplate(input.style()), Map.of())));
    String user = templates.render(SUMMARIZE_USER, Map.of("text", input.text()));
    int maxTokens =
        (int) Math.ceil(input.maxWords() * properties.summaryTokensPerWord())
            + SUMMARY_TOKEN_HEADROOM;
    return new Prompt(
        List.of(new ChatMessage(ChatRole.SYSTEM, system), new ChatMessage(ChatRole.USER, user)),
        properties.summaryTemperature(),
        maxTokens);
  }

  private static String styleTemplate(SummaryStyle style) {
    return "summarize-style-" + style.wireName();
  }
}
