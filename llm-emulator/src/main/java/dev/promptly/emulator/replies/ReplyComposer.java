package dev.promptly.emulator.replies;

import java.util.List;
import org.springframework.stereotype.Component;

/** Writes the assistant's reply: an extractive summary when asked for one, else a chat answer. */
@Component
public class ReplyComposer {

  private final ExtractiveSummarizer summarizer;
  private final ChatResponder chatResponder;

  ReplyComposer(ExtractiveSummarizer summarizer, ChatResponder chatResponder) {
    this.summarizer = summarizer;
    this.chatResponder = chatResponder;
  }

  public String compose(List<ConversationMessage> conversation) {
    return SummaryPrompt.parse(conversation)
        .map(summarizer::summarize)
        .orElseGet(() -> chatResponder.reply(conversation));
  }
}
