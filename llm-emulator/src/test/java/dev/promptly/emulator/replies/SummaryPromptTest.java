package dev.promptly.emulator.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryPromptTest {

  private static ConversationMessage system(String content) {
    return new ConversationMessage("system", content);
  }

  private static ConversationMessage user(String content) {
    return new ConversationMessage("user", content);
  }

  @Test
  void systemMessageMentioningSummarMakesASummarization() {
    assertThat(SummaryPrompt.parse(List.of(system("You are a SUMMARIZER."), user("Text."))))
        .hasValueSatisfying(prompt -> assertThat(prompt.text()).isEqualTo("Text."));
  }

  @Test
  void userMessageAloneDoesNotMakeASummarization() {
    assertThat(SummaryPrompt.parse(List.of(user("Please summarize this. Text.")))).isEmpty();
  }

  @Test
  void defaultsAreParagraphAndOneHundredTwentyWords() {
    SummaryPrompt prompt =
        SummaryPrompt.parse(List.of(system("Summarize."), user("Text."))).orElseThrow();

    assertThat(prompt.style()).isEqualTo(SummaryStyle.PARAGRAPH);
    assertThat(prompt.maxWords()).isEqualTo(120);
  }

  @Test
  void wordLimitPhrasesAreRecognised() {
    assertThat(maxWordsOf("Summarize in at most 50 words.")).isEqualTo(50);
    assertThat(maxWordsOf("Summarize in no more than 75 words.")).isEqualTo(75);
    assertThat(maxWordsOf("Summarize. max_words: 200")).isEqualTo(200);
    assertThat(maxWordsOf("Write a 30-word summary.")).isEqualTo(30);
    assertThat(maxWordsOf("Summarize in 40 words.")).isEqualTo(40);
  }

  @Test
  void stylesAreRecognised() {
    assertThat(styleOf("Summarize as bullet points.")).isEqualTo(SummaryStyle.BULLETS);
    assertThat(styleOf("Summarize as a TL;DR.")).isEqualTo(SummaryStyle.TLDR);
    assertThat(styleOf("Summarize as one paragraph.")).isEqualTo(SummaryStyle.PARAGRAPH);
  }

  @Test
  void wordsThatMerelyStartLikeAStyleAreNoStyle() {
    assertThat(styleOf("Summarize this bulletin.")).isEqualTo(SummaryStyle.PARAGRAPH);
  }

  @Test
  void explicitStyleWinsOverEarlierMentions() {
    assertThat(styleOf("You summarize as paragraph, bullets or tldr. Style: bullets."))
        .isEqualTo(SummaryStyle.BULLETS);
  }

  @Test
  void instructionLineEndingWithColonIsNotPartOfTheText() {
    List<ConversationMessage> conversation =
        List.of(
            system("You summarize."),
            user("Summarize this in bullets, at most 30 words:\n\nThe text."));

    SummaryPrompt prompt = SummaryPrompt.parse(conversation).orElseThrow();

    assertThat(prompt.text()).isEqualTo("The text.");
    assertThat(prompt.style()).isEqualTo(SummaryStyle.BULLETS);
    assertThat(prompt.maxWords()).isEqualTo(30);
  }

  @Test
  void delimitedBlockIsTheText() {
    List<ConversationMessage> conversation =
        List.of(system("You summarize."), user("Use a tldr.\n<text>\nThe text.\n</text>"));

    SummaryPrompt prompt = SummaryPrompt.parse(conversation).orElseThrow();

    assertThat(prompt.text()).isEqualTo("The text.");
    assertThat(prompt.style()).isEqualTo(SummaryStyle.TLDR);
  }

  @Test
  void wordLimitInTheTextIsOnlyAFallback() {
    List<ConversationMessage> conversation =
        List.of(system("Summarize in at most 60 words."), user("Answer in at most 5 words. More."));

    assertThat(SummaryPrompt.parse(conversation).orElseThrow().maxWords()).isEqualTo(60);
  }

  private static int maxWordsOf(String instructions) {
    return SummaryPrompt.parse(List.of(system(instructions), user("Text.")))
        .orElseThrow()
        .maxWords();
  }

  private static SummaryStyle styleOf(String instructions) {
    return SummaryPrompt.parse(List.of(system(instructions), user("Text."))).orElseThrow().style();
  }
}
