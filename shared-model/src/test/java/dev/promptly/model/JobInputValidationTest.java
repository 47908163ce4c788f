package dev.promptly.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobInputValidationTest {

  @Test
  void summaryWordLimitBelowTenIsRejected() {
    assertThatThrownBy(() -> new SummarizeInput("text", SummaryStyle.TLDR, 9))
        .hasMessageContaining("max_words");
  }

  @Test
  void blankTextIsRejected() {
    assertThatThrownBy(() -> new SummarizeInput("  ", SummaryStyle.TLDR, 50))
        .hasMessageContaining("text");
  }

  @Test
  void chatWithoutMessagesIsRejected() {
    assertThatThrownBy(() -> new ChatInput(List.of(), null, null)).hasMessageContaining("messages");
  }

  @Test
  void chatWithMoreThanHundredMessagesIsRejected() {
    List<ChatMessage> messages = Collections.nCopies(101, new ChatMessage(ChatRole.USER, "hi"));

    assertThatThrownBy(() -> new ChatInput(messages, null, null)).hasMessageContaining("messages");
  }

  @Test
  void temperatureAboveTwoIsRejected() {
    List<ChatMessage> messages = List.of(new ChatMessage(ChatRole.USER, "hi"));

    assertThatThrownBy(() -> new ChatInput(messages, 2.5, null))
        .hasMessageContaining("temperature");
  }
}
