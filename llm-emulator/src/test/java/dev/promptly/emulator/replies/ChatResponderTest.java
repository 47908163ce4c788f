package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponderTest {

  private final ChatResponder responder = new ChatResponder();

  @Test
  void replyQuotesTheLastUserMessageAndCountsMessages() {
    List<ConversationMessage> conversation =
        List.of(
            new ConversationMessage("system", "Be nice."),
            new ConversationMessage("user", "First question"),
            new ConversationMessage("assistant", "An answer"),
            new ConversationMessage("user", "Second question"));

    String reply = responder.reply(conversation);

    assertThat(reply)
        .contains("\"Second question\"")
        .contains("4 messages")
        .contains("2 of them from you");
  }

  @Test
  void sameConversationGetsTheSameReply() {
    List<ConversationMessage> conversation = List.of(new ConversationMessage("user", "Hi"));

    assertThat(responder.reply(conversation)).isEqualTo(responder.reply(List.copyOf(conversation)));
  }

  @Test
  void differentHistoryGetsADifferentReply() {
    ConversationMessage last = new ConversationMessage("user", "Hi");

    String alone = responder.reply(List.of(last));
    String withSystem =
        responder.reply(List.of(new ConversationMessage("system", "Be terse."), last));

    assertThat(alone).isNotEqualTo(withSystem);
  }

  @Test
  void longMessagesAreQuotedShortened() {
    String reply = responder.reply(List.of(new ConversationMessage("user", "word ".repeat(50))));

    assertThat(reply).contains("…");
  }
}
