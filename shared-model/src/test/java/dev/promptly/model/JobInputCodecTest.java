package dev.promptly.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobInputCodecTest {

  @Test
  void summarizeInputRoundTrips() {
    SummarizeInput input = new SummarizeInput("Some text. More text.", SummaryStyle.BULLETS, 50);

    assertThat(JobInputCodec.decode(JobKind.SUMMARIZE, JobInputCodec.encode(input)))
        .isEqualTo(input);
  }

  @Test
  void chatInputRoundTripsWithOptionalFieldsAbsent() {
    ChatInput input =
        new ChatInput(
            List.of(
                new ChatMessage(ChatRole.SYSTEM, "be brief"), new ChatMessage(ChatRole.USER, "hi")),
            null,
            null);

    assertThat(JobInputCodec.decode(JobKind.CHAT, JobInputCodec.encode(input))).isEqualTo(input);
  }

  @Test
  void chatInputKeepsTemperatureAndMaxTokens() {
    ChatInput input = new ChatInput(List.of(new ChatMessage(ChatRole.USER, "hi")), 0.0, 64);

    ChatInput decoded = (ChatInput) JobInputCodec.decode(JobKind.CHAT, JobInputCodec.encode(input));

    assertThat(decoded.temperature()).isZero();
    assertThat(decoded.maxTokens()).isEqualTo(64);
  }

  @Test
  void storedInputOfTheWrongKindIsMalformed() {
    String chat =
        JobInputCodec.encode(
            new ChatInput(List.of(new ChatMessage(ChatRole.USER, "hi")), null, null));

    assertThatThrownBy(() -> JobInputCodec.decode(JobKind.SUMMARIZE, chat))
        .isInstanceOf(MalformedMessageException.class);
  }
}
