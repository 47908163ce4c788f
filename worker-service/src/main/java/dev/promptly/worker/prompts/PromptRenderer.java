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

/**
 * Turns a job's input into the prompt sent to the model, and writes the prompts of a summary in
 * parts: one per chunk, one per merge of chunk summaries, and the final one over them.
 */
@Component
public class PromptRenderer {
  private static final String SUMMARIZE_SYSTEM = "summarize-system";
  private static final String SUMMARIZE_USER = "summarize-user";
  private static final String CHUNK_SYSTEM = "summarize-chunk-system";
  private static final String COMBINE_SYSTEM = "summarize-combine-system";
  private static final String REDUCE_SYSTEM = "summarize-reduce-system";
  private static final int SUMMARY_TOKEN_HEADROOM = 50;

  private final PromptTemplates templates;
  private final PromptProperties properties;

  public PromptRenderer(PromptProperties properties) {
    List<String> names =
        new ArrayList<>(
            List.of(SUMMARIZE_SYSTEM, SUMMARIZE_USER, CHUNK_SYSTEM, COMBINE_SYSTEM, REDUCE_SYSTEM));
    for (SummaryStyle style : SummaryStyle.values()) {
      names.add(styleTemplate(style));
    }
    this.templates = new PromptTemplates(names);
    this.properties = properties;
  }

  public Prompt render(JobInput input) {
    return switch (input) {
      case SummarizeInput summarize ->
          summary(SUMMARIZE_SYSTEM, summarize.text(), summarize.style(), summarize.maxWords());
      case ChatInput chat -> new Prompt(chat.messages(), chat.temperature(), chat.maxTokens());
    };
  }

  /** The summary of part {@code part} (from 1) of {@code parts} of a long text. */
  public Prompt summarizeChunk(String chunk, int part, int parts, int maxWords) {
    String system =
        templates.render(
            CHUNK_SYSTEM,
            Map.of(
                "part", Integer.toString(part),
                "parts", Integer.toString(parts),
                "max_words", Integer.toString(maxWords)));
    return prompt(system, chunk, maxWords);
  }

  /** One summary merged from summaries of consecutive parts, as input to a later round. */
  public Prompt combineSummaries(String summaries, int maxWords) {
    String system =
        templates.render(COMBINE_SYSTEM, Map.of("max_words", Integer.toString(maxWords)));
    return prompt(system, summaries, maxWords);
  }

  /** The final summary, in the job's style and length, written from the parts' summaries. */
  public Prompt reduceSummaries(String summaries, SummaryStyle style, int maxWords) {
    return summary(REDUCE_SYSTEM, summaries, style, maxWords);
  }

  // The document goes last, in a user message of its own: the emulator (and most models) read
  // the text to summarize from the last user message and the limits from the system message.
  private Prompt summary(String systemTemplate, String text, SummaryStyle style, int maxWords) {
    String system =
        templates.render(
            systemTemplate,
            Map.of(
                "max_words", Integer.toString(maxWords),
                "style", style.wireName(),
                "style_instruction", templates.render(styleTemplate(style), Map.of())));
    return prompt(system, text, maxWords);
  }

  private Prompt prompt(String system, String text, int maxWords) {
    String user = templates.render(SUMMARIZE_USER, Map.of("text", text));
    int maxTokens =
        (int) Math.ceil(maxWords * properties.summaryTokensPerWord()) + SUMMARY_TOKEN_HEADROOM;
    return new Prompt(
        List.of(new ChatMessage(ChatRole.SYSTEM, system), new ChatMessage(ChatRole.USER, user)),
        properties.summaryTemperature(),
        maxTokens);
  }

  private static String styleTemplate(SummaryStyle style) {
    return "summarize-style-" + style.wireName();
  }
}
