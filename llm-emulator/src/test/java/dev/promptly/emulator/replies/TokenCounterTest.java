package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

  private final TokenCounter tokens = new TokenCounter();

  @Test
  void countsRealTokens() {
    assertThat(tokens.count("Hello world")).isEqualTo(2);
  }

  @Test
  void specialTokenTextIsCountedAsOrdinaryText() {
    assertThat(tokens.count("<|endoftext|>")).isGreaterThan(1);
  }

  @Test
  void instructionsSeenBeforeCountTheSame() {
    for (int i = 0; i < 100; i++) {
      String instructions = "You summarize documents, version " + i + ", in at most 60 words.";
      List<ConversationMessage> conversation =
          List.of(
              new ConversationMessage("system", instructions),
              new ConversationMessage("user", "Report " + i + ". Ships sailed."));
      int expected =
          3
              + 3
              + tokens.count("system")
              + tokens.count(instructions)
              + 3
              + tokens.count("user")
              + tokens.count("Report " + i + ". Ships sailed.");

      assertThat(tokens.countPrompt(conversation)).isEqualTo(expected);
      assertThat(tokens.countPrompt(conversation)).isEqualTo(expected);
    }
  }

  @Test
  void promptCountAddsOpenAiMessageFraming() {
    List<ConversationMessage> conversation =
        List.of(new ConversationMessage("user", "Hello world"));

    assertThat(tokens.countPrompt(conversation)).isEqualTo(3 + 3 + tokens.count("user") + 2);
  }

  @Test
  void limitKeepsShortTextWhole() {
    TokenSlice slice = tokens.limit("Hello world", OptionalInt.of(10));

    assertThat(slice).isEqualTo(new TokenSlice("Hello world", 2, false));
  }

  @Test
  void limitCutsLongTextToMaxTokens() {
    String text = "one two three four five six seven eight";

    TokenSlice slice = tokens.limit(text, OptionalInt.of(3));

    assertThat(slice.truncated()).isTrue();
    assertThat(slice.tokens()).isEqualTo(3);
    assertThat(slice.text()).isEqualTo("one two three");
  }

  @Test
  void chunksConcatenateToTheTextEvenAcrossMultiByteCharacters() {
    String text = "Grüße aus Köln 🎉🎉 und 東京 — ça va? Ünïcödé everywhere.";

    List<TextChunk> chunks = tokens.chunk(text, 1);

    assertThat(chunks.stream().map(TextChunk::text).collect(Collectors.joining())).isEqualTo(text);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text()).doesNotContain("\uFFFD"));
    assertThat(chunks.stream().mapToInt(TextChunk::tokens).sum()).isEqualTo(tokens.count(text));
  }

  @Test
  void chunksHoldAFewTokensEach() {
    List<TextChunk> chunks = tokens.chunk("one two three four five six seven", 3);

    assertThat(chunks).extracting(TextChunk::tokens).containsExactly(3, 3, 1);
  }
}
